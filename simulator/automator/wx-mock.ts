/**
 * App.mockWxMethod's three shapes, told apart by key presence as the client sends them:
 * `{method, functionDeclaration, args}` replaces wx[method] with that function (called with the call's
 * own arguments followed by `args`, the original reachable as `this.origin`); `{method, result}` makes
 * wx[method] answer with that result; `{method}` restores the original.
 */
import type { Runtime } from '../types';
import { isRecord, ProtocolError } from './protocol';
import type { ParamReader } from './params';
import { isSyncApi } from '../runtime/sync-apis';

type MockImpl = (this: { origin: (...args: unknown[]) => unknown }, ...args: unknown[]) => unknown;

function isFailure(result: unknown): boolean {
  return isRecord(result) && typeof result.errMsg === 'string' && result.errMsg.includes(':fail');
}

type Callback = (payload: unknown) => void;

function callback(options: Record<string, unknown>, name: 'success' | 'fail' | 'complete'): Callback | undefined {
  const value = options[name];
  return typeof value === 'function' ? (payload: unknown) => Reflect.apply(value, undefined, [payload]) : undefined;
}

/**
 * The result form. Async APIs call success (or fail, when the result's errMsg says ":fail") and complete,
 * or without callbacks return a promise that resolves (rejects) with it, as the promisified wx APIs do.
 */
export function resultMock(method: string, result: unknown): MockImpl {
  return function mockedResult(...args: unknown[]): unknown {
    const payload: unknown = structuredClone(result);
    if (isSyncApi(method)) return payload;
    const options = isRecord(args[0]) ? args[0] : {};
    const failed = isFailure(payload);
    const settle = callback(options, failed ? 'fail' : 'success');
    const complete = callback(options, 'complete');
    if (settle || complete || callback(options, failed ? 'success' : 'fail')) {
      settle?.(payload);
      complete?.(payload);
      return undefined;
    }
    return failed ? Promise.reject(payload) : Promise.resolve(payload);
  };
}

/** The function form; the declaration is compiled with `wx` in scope, as it would be in the app's context. */
export function functionMock(functionDeclaration: string, extraArgs: unknown[], wx: unknown): MockImpl {
  let compiled: unknown;
  try {
    compiled = new Function('wx', `"use strict"; return (${functionDeclaration});`)(wx);
  } catch (error) {
    throw new ProtocolError(`App.mockWxMethod: functionDeclaration does not compile: ${(error as Error).message}`);
  }
  if (typeof compiled !== 'function') {
    throw new ProtocolError('App.mockWxMethod: functionDeclaration must be a function');
  }
  const fn = compiled;
  return function mockedFunction(this: { origin: (...args: unknown[]) => unknown }, ...args: unknown[]): unknown {
    return Reflect.apply(fn, this, [...args, ...extraArgs]);
  };
}

export function applyMock(runtime: Runtime, params: ParamReader): void {
  const method = params.string('method');
  if (params.has('pluginId') && params.params.pluginId !== null) {
    throw new ProtocolError('App.mockWxMethod: plugins are not part of this mini-program');
  }
  if (params.has('functionDeclaration')) {
    runtime.mockWx(method, functionMock(params.string('functionDeclaration'), params.array('args'), runtime.wx));
  } else if (params.has('result')) {
    runtime.mockWx(method, resultMock(method, params.params.result));
  } else {
    runtime.restoreWx(method);
  }
}
