/**
 * Counts the mini-program's work in flight (requests, uploads, short timers, lifecycles, open-type
 * flows) so that `idle()` can tell when the app has settled without sleeping a fixed time.
 */
export interface Activity {
  track<T>(work: Promise<T>): Promise<T>;
  begin(): () => void;
  readonly pending: number;
  idle(): Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createActivity(): Activity {
  let pending = 0;
  let waiters: Array<() => void> = [];

  const settle = (): void => {
    const ready = waiters;
    waiters = [];
    ready.forEach((wake) => wake());
  };

  const begin = (): (() => void) => {
    pending += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      pending -= 1;
      if (pending === 0) settle();
    };
  };

  return {
    get pending() {
      return pending;
    },
    begin,
    track<T>(work: Promise<T>): Promise<T> {
      const end = begin();
      return work.finally(end);
    },
    async idle(): Promise<void> {
      // Two quiet turns in a row: work started from a callback of the last finished work is seen too.
      let quietTurns = 0;
      while (quietTurns < 2) {
        await nextTurn();
        if (pending === 0) {
          quietTurns += 1;
        } else {
          quietTurns = 0;
          await new Promise<void>((resolve) => waiters.push(resolve));
        }
      }
    },
  };
}
