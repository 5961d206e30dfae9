/**
 * How the fake `wx` answers an async API the way the device does: callbacks or a Promise, results
 * always delivered later, and no Promise at all on base libraries older than 2.10.2. Every wx area
 * answers through this so the convention lives in one place.
 */
import { atLeast } from '../../simulator/runtime/version';

/** The first base library whose async APIs return a Promise when called without callbacks. */
export const PROMISE_API_SINCE = '2.10.2';

export interface Callbacks<R> {
  success?: (result: R) => void;
  fail?: (result: { errMsg: string }) => void;
  complete?: (result: R | { errMsg: string }) => void;
}

/** Thrown inside an answer to fail the call with WeChat's `errMsg`. */
export class WxFailure extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg);
  }
}

/** The wx functions one area contributes, by API name. */
export type WxApis = Record<string, unknown>;

export type Answer = <R>(option: Callbacks<R> | undefined, run: () => R | Promise<R>) => Promise<R> | undefined;

/**
 * WeChat's convention for async APIs: callbacks when any is given, otherwise a Promise. Results are
 * delivered asynchronously, as on the device.
 */
function settle<R>(option: Callbacks<R> | undefined, run: () => R | Promise<R>): Promise<R> | undefined {
  const result = Promise.resolve().then(run);
  const usesCallbacks = option !== undefined && (option.success || option.fail || option.complete);
  if (!usesCallbacks) {
    return result.catch((error: unknown) => {
      throw error instanceof WxFailure ? { errMsg: error.errMsg } : error;
    });
  }
  result.then(
    (value) => {
      option.success?.(value);
      option.complete?.(value);
    },
    (error: unknown) => {
      const failure = { errMsg: error instanceof WxFailure ? error.errMsg : String(error) };
      option.fail?.(failure);
      option.complete?.(failure);
    },
  );
  return undefined;
}

/** Before base library 2.10.2 an async API called without callbacks still runs but returns no Promise. */
export function answerFor(sdkVersion: string): Answer {
  const promiseStyle = atLeast(sdkVersion, PROMISE_API_SINCE);
  return (option, run) => {
    const result = settle(option, run);
    if (promiseStyle || result === undefined) return result;
    result.catch(() => undefined);
    return undefined;
  };
}
