import type { Runtime } from '../types';
import type { Activity } from './activity';

const WAIT_POLL_MS = 100;

function isTruthy<T>(value: T): value is NonNullable<T> {
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}

/** Waits for the app to settle, but no longer than `ms`: work that never settles (a held request, a stalled server) must not stop the polling. */
async function settleOrTick(activity: Activity, ms: number): Promise<void> {
  let poll: NodeJS.Timeout | undefined;
  await Promise.race([activity.idle(), new Promise((resolve) => (poll = setTimeout(resolve, Math.min(Math.max(0, ms), WAIT_POLL_MS))))]);
  clearTimeout(poll);
}

/** Runtime.waitFor: a test's condition polled after each settle of the app, never a fixed sleep. */
export function createWaitFor(activity: Activity): Runtime['waitFor'] {
  return async <T>(predicate: () => T | Promise<T>, message: string, timeoutMs = 5000): Promise<NonNullable<T>> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      await settleOrTick(activity, deadline - Date.now());
      try {
        const value = await predicate();
        if (isTruthy(value)) return value;
        last = value;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() >= deadline) throw new Error(`${message} (waited ${timeoutMs} ms; last: ${JSON.stringify(last) ?? String(last)})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}
