/**
 * When to reply to a request that makes the mini-program do something (tap, trigger, navigate, answer a
 * modal): once the work it started has finished (runtime.idle), or as soon as it stops at a modal that
 * waits for the test's Tool.native confirmModal/cancelModal: replying later would deadlock the client.
 */
import type { Runtime } from '../types';

export interface SettleOptions {
  /** How often to look for a held modal while the action runs. */
  pollMs: number;
  /** Reply anyway after this long: the client has no request timeout, a hung reply hangs the test. */
  capMs: number;
}

export const DEFAULT_SETTLE: SettleOptions = { pollMs: 20, capMs: 10_000 };

function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export async function settle(runtime: Runtime, action: Promise<unknown>, options: SettleOptions = DEFAULT_SETTLE): Promise<void> {
  let done = false;
  const polling: { tick: ReturnType<typeof delay> | null } = { tick: null };
  const work = action.then(() => runtime.idle());
  const modalShown = (async () => {
    while (!done) {
      if (runtime.ui.pendingModal() !== null) return;
      polling.tick = delay(options.pollMs);
      await polling.tick.promise;
    }
  })();
  const cap = delay(options.capMs);
  try {
    await Promise.race([work, modalShown, cap.promise]);
  } finally {
    done = true;
    // No timer may outlive the reply: a closed endpoint must leave nothing pending in the event loop.
    polling.tick?.cancel();
    cap.cancel();
    work.catch(() => undefined);
  }
}

/**
 * settle() for a call whose value is the reply (Page.callMethod, Element.callMethod): its value once it has
 * finished, or null while it still waits (at a held modal the test has yet to answer, or past the cap).
 */
export async function settleCall(runtime: Runtime, call: Promise<unknown>, options: SettleOptions = DEFAULT_SETTLE): Promise<unknown> {
  const outcome: { done: boolean; value: unknown } = { done: false, value: null };
  await settle(
    runtime,
    call.then((value) => {
      outcome.done = true;
      outcome.value = value;
    }),
    options,
  );
  return outcome.done ? outcome.value : null;
}
