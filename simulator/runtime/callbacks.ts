import type { ReportError } from './definitions';

/** What a failed wx API hands to `fail` (and rejects with): WeChat's `{errMsg, errno?}`, not an Error. */
export interface WxFailure {
  errMsg: string;
  errno?: number;
}

export class ApiFailure {
  constructor(
    readonly errMsg: string,
    readonly errno?: number,
  ) {}

  toPayload(): WxFailure {
    return this.errno === undefined ? { errMsg: this.errMsg } : { errMsg: this.errMsg, errno: this.errno };
  }
}

export type ApiOptions = Record<string, unknown>;

export function asOptions(value: unknown): ApiOptions {
  return typeof value === 'object' && value !== null ? (value as ApiOptions) : {};
}

export function toFailure(api: string, error: unknown): WxFailure {
  if (error instanceof ApiFailure) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { errMsg: `${api}:fail ${message}` };
}

function hasCallbacks(options: ApiOptions): boolean {
  return ['success', 'fail', 'complete'].some((key) => typeof options[key] === 'function');
}

/** Calls success/fail then complete, as WeChat does; errors thrown by the callbacks are the app's. */
export function settle(options: ApiOptions, outcome: { ok: true; value: unknown } | { ok: false; failure: WxFailure }, report: ReportError): void {
  const call = (key: string, payload: unknown): void => {
    const fn = options[key];
    if (typeof fn !== 'function') return;
    try {
      (fn as (payload: unknown) => void)(payload);
    } catch (error) {
      report(error);
    }
  };
  if (outcome.ok) call('success', outcome.value);
  else call('fail', outcome.failure);
  call('complete', outcome.ok ? outcome.value : outcome.failure);
}

/**
 * An asynchronous wx API: callback style when any callback is given, else a Promise that resolves with
 * the success payload or rejects with `{errMsg}` (WeChat's promisified form).
 */
export function asyncApi(
  api: string,
  run: (options: ApiOptions) => Promise<unknown>,
  report: ReportError,
  track: <T>(work: Promise<T>) => Promise<T>,
): (options?: unknown) => Promise<unknown> | undefined {
  return (raw?: unknown) => {
    const options = asOptions(raw);
    const work = track(
      Promise.resolve()
        .then(() => run(options))
        .then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, failure: toFailure(api, error) }),
        ),
    );
    if (hasCallbacks(options)) {
      void work.then((outcome) => settle(options, outcome, report));
      return undefined;
    }
    return work.then((outcome) => {
      if (outcome.ok) return outcome.value;
      throw outcome.failure;
    });
  };
}
