import type { Activity } from './activity';
import type { ReportError } from './definitions';

/** Timers shorter than this count as pending work for idle(); longer ones are the app waiting on purpose. */
export const SHORT_TIMER_MS = 1000;

export interface AppTimers {
  readonly globals: {
    setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => unknown;
    clearTimeout: (handle: unknown) => void;
    setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => unknown;
    clearInterval: (handle: unknown) => void;
  };
  /** The app was killed: none of its timers may fire any more. */
  clearAll(): void;
}

export function createAppTimers(activity: Activity, report: ReportError): AppTimers {
  const timeouts = new Map<unknown, () => void>();
  const intervals = new Set<unknown>();

  const guard = (fn: unknown, args: unknown[]): void => {
    if (typeof fn !== 'function') return;
    try {
      const result: unknown = (fn as (...params: unknown[]) => unknown)(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };

  return {
    globals: {
      setTimeout(fn, ms = 0, ...args) {
        const end = ms < SHORT_TIMER_MS ? activity.begin() : () => undefined;
        const handle = setTimeout(() => {
          timeouts.delete(handle);
          try {
            guard(fn, args);
          } finally {
            end();
          }
        }, ms);
        timeouts.set(handle, end);
        return handle;
      },
      clearTimeout(handle) {
        const end = timeouts.get(handle);
        if (!end) return;
        timeouts.delete(handle);
        clearTimeout(handle as NodeJS.Timeout);
        end();
      },
      setInterval(fn, ms = 0, ...args) {
        const handle = setInterval(() => guard(fn, args), ms);
        intervals.add(handle);
        return handle;
      },
      clearInterval(handle) {
        intervals.delete(handle);
        clearInterval(handle as NodeJS.Timeout);
      },
    },
    clearAll() {
      for (const [handle, end] of timeouts) {
        clearTimeout(handle as NodeJS.Timeout);
        end();
      }
      timeouts.clear();
      for (const handle of intervals) clearInterval(handle as NodeJS.Timeout);
      intervals.clear();
    },
  };
}
