import { format } from 'util';

export interface ConsoleEntry {
  type: string;
  args: unknown[];
}

export interface ExceptionEntry {
  message: string;
  stack: string;
}

export interface Exchange {
  api: 'request' | 'uploadFile';
  method: string;
  url: string;
  statusCode: number | null;
  errMsg: string;
}

type Listener<T> = (entry: T) => void;

export interface Events {
  /** The `console` the mini-program's modules see: every call becomes a 'console' event. */
  readonly console: Record<string, (...args: unknown[]) => void>;
  reportError(error: unknown): void;
  exchange(entry: Exchange): void;
  on(event: 'console', listener: Listener<ConsoleEntry>): () => void;
  on(event: 'exception', listener: Listener<ExceptionEntry>): () => void;
  on(event: 'exchange', listener: Listener<Exchange>): () => void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'group', 'groupEnd', 'table'];

export function createEvents(): Events {
  const consoleListeners = new Set<Listener<ConsoleEntry>>();
  const exceptionListeners = new Set<Listener<ExceptionEntry>>();
  const exchangeListeners = new Set<Listener<Exchange>>();
  const appConsole: Record<string, (...args: unknown[]) => void> = {};
  for (const type of CONSOLE_METHODS) {
    appConsole[type] = (...args: unknown[]) => consoleListeners.forEach((listener) => listener({ type, args }));
  }

  function on(event: 'console', listener: Listener<ConsoleEntry>): () => void;
  function on(event: 'exception', listener: Listener<ExceptionEntry>): () => void;
  function on(event: 'exchange', listener: Listener<Exchange>): () => void;
  function on(event: 'console' | 'exception' | 'exchange', listener: Listener<never>): () => void {
    const set = (event === 'console' ? consoleListeners : event === 'exception' ? exceptionListeners : exchangeListeners) as Set<Listener<never>>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  return {
    console: appConsole,
    reportError(error) {
      const entry =
        error instanceof Error
          ? { message: error.message, stack: error.stack ?? error.message }
          : { message: typeof error === 'object' && error !== null && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : format(error), stack: '' };
      exceptionListeners.forEach((listener) => listener(entry));
    },
    exchange: (entry) => exchangeListeners.forEach((listener) => listener(entry)),
    on,
  };
}
