import type { Server } from 'node:http';

export type DrainOutcome = 'drained' | 'forced';

export interface DrainOptions {
  /** Requests still unanswered after this long are cut off. */
  timeoutMs: number;
  /** How often connections that have become idle are closed while draining. */
  reapIntervalMs?: number;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Stops accepting connections and waits for the requests in flight to be answered, up to `timeoutMs`. A
 * keep-alive connection is closed as soon as it has no request in flight; a request that arrives on one meanwhile
 * is answered with `Connection: close`. Resolves 'forced' when the timeout came first: the caller's close then
 * cuts what is left.
 */
export function drainHttpServer(server: Server, options: DrainOptions): Promise<DrainOutcome> {
  const markLast = (_request: unknown, response: { shouldKeepAlive: boolean }): void => {
    response.shouldKeepAlive = false;
  };
  server.prependListener('request', markLast);
  return new Promise<DrainOutcome>((resolve) => {
    const finish = (outcome: DrainOutcome): void => {
      clearTimeout(deadline);
      clearInterval(reaper);
      server.off('request', markLast);
      resolve(outcome);
    };
    const deadline = setTimeout(() => finish('forced'), options.timeoutMs);
    // A response that was under way when draining began kept its keep-alive: its connection turns idle after it.
    const reaper = setInterval(() => server.closeIdleConnections(), options.reapIntervalMs ?? 100);
    server.close(() => finish('drained'));
    server.closeIdleConnections();
  });
}
