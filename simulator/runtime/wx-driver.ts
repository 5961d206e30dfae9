import type { Runtime } from '../types';
import { isSyncApi } from './sync-apis';
import { createWxProxy, type WxTable } from './wx';

const TASK_APIS = new Set(['request', 'uploadFile', 'downloadFile']);

/** The `wx` the app sees, and a test's hand on it: replace a method, or call one as a page would. */
export interface WxDriver extends Pick<Runtime, 'mockWx' | 'restoreWx' | 'callWx'> {
  readonly wx: Record<string, unknown>;
}

/** Calls an async API with success/fail callbacks; a promise it returns counts too, a task object (request) does not. */
function callAsync(method: string, call: (...params: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
  const first = typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : {};
  return new Promise<unknown>((resolve, reject) => {
    const returned = call({ ...first, success: resolve, fail: reject }, ...args.slice(1));
    if (returned instanceof Promise) returned.then(resolve, reject);
    else if (returned !== undefined && !TASK_APIS.has(method)) resolve(returned);
  });
}

export function createWxDriver(table: WxTable, sdkVersion: string): WxDriver {
  const mocks = new Map<string, unknown>();
  const wx = createWxProxy(table, mocks, sdkVersion);
  return {
    wx,
    mockWx(method, impl) {
      const origin = (...args: unknown[]): unknown => {
        const original = table[method];
        if (typeof original !== 'function') throw new Error(`wx.${method} has no original implementation`);
        return (original as (...params: unknown[]) => unknown)(...args);
      };
      mocks.set(method, (...args: unknown[]) => impl.call({ origin }, ...args));
    },
    restoreWx(method) {
      mocks.delete(method);
    },
    async callWx(method, args) {
      const fn = wx[method];
      if (typeof fn !== 'function') throw new Error(`wx.${method} is not available on base library ${sdkVersion}`);
      const call = fn as (...params: unknown[]) => unknown;
      if (isSyncApi(method)) return call(...args);
      return callAsync(method, call, args);
    },
  };
}
