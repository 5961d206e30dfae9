/**
 * wx.request / wx.uploadFile as Promises of the payload, behind the shared concurrency limiter, relative
 * to one base URL, answers read by the backend's rules (body.ts). No auth here: this is the layer both the
 * session (login, logout) and the authenticated HTTP client build on, which is what keeps the two from
 * depending on each other.
 */
import { judge, type AnswerReader } from './body';
import { RequestError } from './errors';
import type { Limiter } from './limiter';

/** The methods the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * wx.request has no PATCH (its method list is OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT), so
 * PATCH travels as POST with the conventional override header; the server must honour it.
 */
export const METHOD_OVERRIDE_HEADER = 'X-HTTP-Method-Override';


/** getNetworkType tells a device without network from a server that does not answer; optional, as in tests. */
export type TransportWx = Pick<WechatMiniprogram.Wx, 'request' | 'uploadFile'> & Partial<Pick<WechatMiniprogram.Wx, 'getNetworkType'>>;

/** What createTransport is built from. */
export interface TransportDeps {
  wx: TransportWx;
  baseUrl: string;
  limiter: Limiter;
  /** What an answer means. */
  answer: AnswerReader;
}

/** A request body: JSON (an object or array), text, or bytes, as wx.request takes it. */
export type RequestBody = WechatMiniprogram.IAnyObject | string | ArrayBuffer;

/** One wx.request, relative to the base URL. */
export interface RawRequest {
  path: string;
  method: HttpMethod;
  data?: RequestBody;
  header: Record<string, string>;
  timeout?: number;
}

/** One wx.uploadFile, relative to the base URL. */
export interface RawUpload {
  path: string;
  filePath: string;
  name: string;
  formData?: Record<string, string>;
  header: Record<string, string>;
  timeout?: number;
}

/** `data` is what WeChat handed over: parsed JSON, or a string (always a string for uploads). */
export interface RawResponse {
  statusCode: number;
  data: unknown;
}

/** wx.request and wx.uploadFile as Promises of the payload; they reject with a RequestError. */
export interface Transport {
  send(request: RawRequest): Promise<unknown>;
  upload(upload: RawUpload): Promise<unknown>;
}

/** What WeChat's network stack says when the device itself is offline (Android cronet, iOS NSURLError). */
const OFFLINE_ERRMSG = /INTERNET_DISCONNECTED|errcode:-106\b|not connected to the internet|appears to be offline/i;

/** Asks WeChat whether the device has any network; a runtime without the API (or failing it) says nothing. */
function deviceOffline(wx: TransportWx): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (typeof wx.getNetworkType !== 'function') return resolve(false);
    wx.getNetworkType({ success: (result) => resolve(result.networkType === 'none'), fail: () => resolve(false) });
  }).catch(() => false);
}

/** The error of a failed call: `timeout`, `offline` (as the errMsg or the device says) or `network`. */
function failure(wx: TransportWx, result: WechatMiniprogram.GeneralCallbackResult): Promise<RequestError> {
  const errMsg = result.errMsg || 'request:fail';
  if (/timeout/i.test(errMsg)) return Promise.resolve(new RequestError('timeout', errMsg));
  return (OFFLINE_ERRMSG.test(errMsg) ? Promise.resolve(true) : deviceOffline(wx)).then(
    (offline) => new RequestError(offline ? 'offline' : 'network', errMsg),
  );
}

/** `baseUrl` and `path` with exactly one slash between them. */
function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** WeChat checks the types of the options it is given, so an option left undefined is left out. */
function defined<T extends object>(options: T): T {
  for (const key of Object.keys(options) as Array<keyof T>) if (options[key] === undefined) delete options[key];
  return options;
}

/** What wx.request and wx.uploadFile both call back with. */
interface Callbacks {
  success(result: RawResponse): void;
  fail(result: WechatMiniprogram.GeneralCallbackResult): void;
}

/** The transport over `wx`, behind `limiter`. */
export function createTransport({ wx, baseUrl, limiter, answer }: TransportDeps): Transport {
  function exchange(path: string, start: (url: string, callbacks: Callbacks) => void): Promise<unknown> {
    return limiter
      .run(
        () =>
          new Promise<RawResponse>((resolve, reject) => {
            start(joinUrl(baseUrl, path), {
              success: resolve,
              fail: (result) => {
                void failure(wx, result).then(reject);
              },
            });
          }),
      )
      .then((response) => judge(response, answer));
  }
  return {
    send: (request) =>
      exchange(request.path, (url, callbacks) => {
        const { method, header, data, timeout } = request;
        const patch = method === 'PATCH';
        const wire = {
          url,
          method: patch ? 'POST' : method,
          header: patch ? Object.assign({ [METHOD_OVERRIDE_HEADER]: 'PATCH' }, header) : header,
          data,
          timeout,
        };
        // dataType json and responseType text, wx.request's defaults: JSON comes back parsed, anything else as text.
        wx.request(Object.assign(defined(wire), callbacks));
      }),
    upload: (upload) =>
      exchange(upload.path, (url, callbacks) => {
        const { filePath, name, header, formData, timeout } = upload;
        wx.uploadFile(Object.assign(defined({ url, filePath, name, header, formData, timeout }), callbacks));
      }),
  };
}
