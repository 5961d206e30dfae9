import { asyncApi, type ApiOptions } from './callbacks';
import type { WxDeps } from './wx';

/** A wx API as the app calls it: callbacks or a promise (callbacks.ts). */
export type WxApi = (options?: unknown) => Promise<unknown> | undefined;

/**
 * What every group of wx APIs is built from: the runtime's parts and WeChat's calling convention,
 * counted as work in flight so idle() waits for the call.
 */
export interface WxKit {
  deps: WxDeps;
  api(name: string, run: (options: ApiOptions) => Promise<unknown>): WxApi;
  track<T>(work: Promise<T>): Promise<T>;
}

/** WeChat's success result: the payload and `errMsg: '<api>:ok'`. */
export function ok(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, errMsg: `${name}:ok` };
}

export function createWxKit(deps: WxDeps): WxKit {
  const track = <T>(work: Promise<T>): Promise<T> => deps.activity.track(work);
  return {
    deps,
    track,
    api: (name, run) => asyncApi(name, run, deps.report, track),
  };
}
