/** Time as a dependency, so tests can move it. */
export interface Clock {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  after(ms: number, callback: () => void): () => void;
}

/** Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

/** Does nothing: what a settled promise is turned into when only its settling matters. */
export function noop(): void {}

/**
 * Resolves when `work` settles or after `ms`, whichever comes first, and never rejects: for calls whose
 * answer is only a courtesy (logout's revocation), so the user never waits long for them.
 */
export function settleWithin(clock: Clock, ms: number, work: () => Promise<unknown>): Promise<void> {
  let cancelTimer = noop;
  const deadline = new Promise<void>((resolve) => {
    cancelTimer = clock.after(ms, resolve);
  });
  // Nothing `work` does (or throws) gets past the catch, so the race settles by its answer or the deadline.
  const settled = Promise.resolve().then(work).then(noop, noop);
  return Promise.race([settled, deadline]).then(() => cancelTimer());
}
