import type { HealthCheck } from './routes/health';

/**
 * What the server holds besides its HTTP listener (the database pool, Redis, the emulator's session file): each
 * one registers here how /api/health asks it and how shutdown closes it.
 */
export interface Resources {
  /** /api/health asks `probe` on every call; a 503 names `name` when it does not answer. */
  check(name: string, probe: () => Promise<unknown>): void;
  /** Runs at shutdown, after the last request has been answered; in the reverse order of registering. */
  onClose(close: () => Promise<void>): void;
  checks(): readonly HealthCheck[];
  /** Runs every closer, each once, even when one fails; then rejects with the failures, if any. */
  closeAll(): Promise<void>;
}

export function createResources(): Resources {
  const checks: HealthCheck[] = [];
  const closers: Array<() => Promise<void>> = [];
  return {
    check(name, probe) {
      checks.push({ name, probe });
    },
    onClose(close) {
      closers.push(close);
    },
    checks: () => checks,
    async closeAll() {
      const failures: unknown[] = [];
      for (const close of closers.splice(0).reverse()) {
        await close().catch((error: unknown) => failures.push(error));
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'several resources failed to close');
    },
  };
}
