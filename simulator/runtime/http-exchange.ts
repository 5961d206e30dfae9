/**
 * One wx.request or wx.uploadFile exchange as WeChat runs it: at most 10 in flight (the rest wait, FIFO),
 * a timeout that starts when it is sent, abort() from its task, and a kill of the app that cuts every
 * exchange off without calling back.
 */
import { ApiFailure, settle, toFailure, type ApiOptions } from './callbacks';
import { headerValue } from './http-headers';
import type { NetworkDeps } from './http';

/** WeChat runs at most 10 request/uploadFile/downloadFile at a time; the rest wait their turn, FIFO. */
export const MAX_IN_FLIGHT = 10;

export type Body = string | ArrayBuffer | FormData | undefined;

export interface ExchangeSpec {
  api: 'request' | 'uploadFile';
  options: ApiOptions;
  /** Builds the request once a slot is free: a parameter error then fails this exchange, not the caller. */
  prepare: () => { url: string; method: string; headers: Record<string, string>; body: Body };
  timeoutMs: number;
  parse: (response: Response) => Promise<Record<string, unknown>>;
}

export interface Exchanges {
  /** Starts an exchange; returns its task (abort and the no-op header/progress listeners). */
  start(spec: ExchangeSpec): Record<string, unknown>;
  dropAll(): void;
}

type ExchangeDeps = Pick<NetworkDeps, 'activity' | 'report' | 'onExchange'>;

interface Slot {
  release(): void;
}

/** One exchange's own state; `method` and `url` are what the network log shows. */
interface ExchangeState {
  controller: AbortController;
  aborted: boolean;
  dropped: boolean;
  method: string;
  url: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; failure: { errMsg: string } };

function createLimiter(limit: number): () => Promise<Slot> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    running -= 1;
    const next = waiting.shift();
    if (next) next();
  };
  return () =>
    new Promise<Slot>((resolve) => {
      const start = (): void => {
        running += 1;
        let released = false;
        resolve({
          release: () => {
            if (released) return;
            released = true;
            release();
          },
        });
      };
      if (running < limit) start();
      else waiting.push(start);
    });
}

function failureOf(api: ExchangeSpec['api'], error: unknown, state: ExchangeState, timedOut: boolean): { errMsg: string } {
  if (timedOut) return { errMsg: `${api}:fail timeout` };
  if (state.aborted) return { errMsg: `${api}:fail abort` };
  return toFailure(api, error instanceof Error && error.cause instanceof Error ? error.cause : error);
}

/** Waits for a slot, then fetches with a timeout that starts when the request is sent. */
async function send(deps: ExchangeDeps, acquire: () => Promise<Slot>, spec: ExchangeSpec, state: ExchangeState): Promise<Outcome> {
  const { api } = spec;
  const slot = await acquire();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    state.controller.abort();
  }, spec.timeoutMs);
  try {
    if (state.aborted || state.dropped) throw new ApiFailure(`${api}:fail abort`);
    const prepared = spec.prepare();
    // wx.request has no PATCH: clients tunnel it through POST; the log shows what was meant.
    const override = headerValue(prepared.headers, 'x-http-method-override');
    state.method = override ? `${override.toUpperCase()} (POST + X-HTTP-Method-Override)` : prepared.method;
    state.url = prepared.url;
    const response = await fetch(prepared.url, { method: prepared.method, headers: prepared.headers, body: prepared.body, signal: state.controller.signal });
    const value = await spec.parse(response);
    deps.onExchange?.({ api, method: state.method, url: state.url, statusCode: response.status, errMsg: `${api}:ok` });
    return { ok: true, value: { ...value, errMsg: `${api}:ok` } };
  } catch (error) {
    const failure = failureOf(api, error, state, timedOut);
    deps.onExchange?.({ api, method: state.method, url: state.url, statusCode: null, errMsg: failure.errMsg });
    return { ok: false, failure };
  } finally {
    clearTimeout(timer);
    slot.release();
  }
}

/** The RequestTask / UploadTask the app gets back: abort() works, the header and progress listeners never fire. */
function task(state: ExchangeState): Record<string, unknown> {
  const noop = (): void => undefined;
  return {
    abort: () => {
      state.aborted = true;
      state.controller.abort();
    },
    onHeadersReceived: noop,
    offHeadersReceived: noop,
    onProgressUpdate: noop,
    offProgressUpdate: noop,
  };
}

export function createExchanges(deps: ExchangeDeps): Exchanges {
  const acquire = createLimiter(MAX_IN_FLIGHT);
  const live = new Set<() => void>();
  return {
    start(spec) {
      const state: ExchangeState = { controller: new AbortController(), aborted: false, dropped: false, method: 'GET', url: String(spec.options.url ?? '') };
      const drop = (): void => {
        state.dropped = true;
        state.controller.abort();
      };
      live.add(drop);
      void deps.activity.track(send(deps, acquire, spec, state)).then((outcome) => {
        live.delete(drop);
        if (!state.dropped) settle(spec.options, outcome, deps.report);
      });
      return task(state);
    },
    dropAll() {
      for (const drop of live) drop();
      live.clear();
    },
  };
}
