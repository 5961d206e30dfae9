/**
 * Caps how many tasks run at once; the rest wait in arrival order. WeChat allows at most 10
 * wx.request/wx.uploadFile at a time and fails the extra ones, so every network call goes through one
 * shared limiter.
 */
/** A FIFO concurrency cap. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  active(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
}

/** WeChat's cap on wx.request and wx.uploadFile in flight. */
export const WECHAT_MAX_CONCURRENT_REQUESTS = 10;

/** A limiter running at most `max` tasks at once. */
export function createLimiter(max: number = WECHAT_MAX_CONCURRENT_REQUESTS): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter size must be a positive integer, got ${max}`);
  let running = 0;
  const queue: Array<() => void> = [];

  function release(): void {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }

  function acquire(): Promise<void> {
    if (running < max) {
      running += 1;
      return Promise.resolve();
    }
    // The slot passes straight from the finishing task to the next waiter, so `running` never dips.
    return new Promise<void>((resolve) => queue.push(resolve));
  }

  return {
    run: (task) => acquire().then(task).finally(release),
    active: () => running,
    waiting: () => queue.length,
  };
}
