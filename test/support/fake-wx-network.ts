/**
 * The fake's network (wx.request, wx.uploadFile, wx.getNetworkType): calls go to the FakeServer
 * under WeChat's rules for concurrency caps, offline devices, timeouts and abort, and the test can
 * watch how many are in flight.
 */
import type { FakeOutcome, FakeRequest, FakeServer, NetworkApi } from './fake-server';
import type { Answer, Callbacks, WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';
import { deliverOutcome, fakeRequestFor, type NetworkOption } from './fake-wx-wire';

export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';

/** What Android WeChat's network stack answers while the device has no network. */
export const OFFLINE_ERRMSG = 'request:fail errcode:-106 cronet_error_code:-106 error_msg:net::ERR_INTERNET_DISCONNECTED';

export interface FakeNetworkControls {
  inFlight(): number;
  maxInFlight(): number;
  resetMax(): void;
  requestsTo(path: string): FakeRequest[];
  setType(type: NetworkType): void;
}

export interface FakeNetworkOptions {
  server: FakeServer;
  calls: FakeCalls;
  answer: Answer;
  maxConcurrent: number;
  defaultTimeoutMs: number;
  networkType: NetworkType;
}

function unrefTimer(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') {
    handle.unref();
  }
}

/** The task object wx.request / wx.uploadFile return: abort works, the listeners are accepted and ignored. */
function taskFor(abort: () => void) {
  return {
    abort,
    onHeadersReceived: () => undefined,
    offHeadersReceived: () => undefined,
    onProgressUpdate: () => undefined,
    offProgressUpdate: () => undefined,
    onChunkReceived: () => undefined,
    offChunkReceived: () => undefined,
  };
}

/** What the network APIs and their controls share. */
interface NetworkState {
  networkType: NetworkType;
  inFlight: number;
  maxInFlight: number;
}

/** Starts the call; it ends once, by the first of: the server's outcome, its timeout, abort. */
function send(options: FakeNetworkOptions, state: NetworkState, api: NetworkApi, option: NetworkOption) {
  const request = fakeRequestFor(api, option);
  options.calls.network.push(request);
  let done = false;
  let cancelTimeout: () => void = () => undefined;
  const finish = (outcome: FakeOutcome): void => {
    if (done) return;
    done = true;
    cancelTimeout();
    state.inFlight -= 1;
    deliverOutcome(api, option, outcome);
  };
  state.inFlight += 1;
  state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
  if (state.inFlight > options.maxConcurrent) {
    Promise.resolve().then(() => finish({ fail: `${api}:fail exceed max task count` }));
  } else if (state.networkType === 'none') {
    Promise.resolve().then(() => finish({ fail: OFFLINE_ERRMSG }));
  } else {
    const handle = setTimeout(() => finish({ fail: `${api}:fail timeout` }), option.timeout ?? options.defaultTimeoutMs);
    unrefTimer(handle);
    cancelTimeout = () => clearTimeout(handle);
    options.server.handle(request).then(finish, (error: unknown) => finish({ fail: `${api}:fail ${String(error)}` }));
  }
  return taskFor(() => finish({ fail: `${api}:fail abort` }));
}

function networkControls(state: NetworkState, calls: FakeCalls): FakeNetworkControls {
  return {
    inFlight: () => state.inFlight,
    maxInFlight: () => state.maxInFlight,
    resetMax: () => {
      state.maxInFlight = state.inFlight;
    },
    requestsTo: (path) => calls.network.filter((request) => request.path === path),
    setType: (type) => {
      state.networkType = type;
    },
  };
}

export function fakeNetwork(options: FakeNetworkOptions): { apis: WxApis; controls: FakeNetworkControls } {
  const state: NetworkState = { networkType: options.networkType, inFlight: 0, maxInFlight: 0 };
  const apis: WxApis = {
    request: (option: WechatMiniprogram.RequestOption) => send(options, state, 'request', option),
    getNetworkType: (option?: Callbacks<{ networkType: NetworkType; errMsg: string }>) =>
      options.answer(option, () => ({ networkType: state.networkType, errMsg: 'getNetworkType:ok' })),
    uploadFile: (option: WechatMiniprogram.UploadFileOption) => send(options, state, 'uploadFile', option),
  };
  return { apis, controls: networkControls(state, options.calls) };
}
