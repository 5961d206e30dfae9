/**
 * Waiting for a condition by turning the microtask queue, not by sleeping: the fake `wx` delivers every
 * result through promises, so this works the same with real and with jest fake timers.
 */
export async function waitFor(condition: () => boolean, what = 'condition', maxTurns = 10000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn += 1) {
    if (condition()) return;
    await Promise.resolve();
  }
  throw new Error(`gave up waiting for ${what} after ${maxTurns} microtask turns`);
}

/** Lets every already-runnable promise chain run to completion (bounded). */
export async function flushMicrotasks(turns = 200): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await Promise.resolve();
}
