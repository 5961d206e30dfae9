/**
 * wx.request / wx.uploadFile as Promises, behind the shared concurrency limiter, relative to one base
 * URL. No auth and no status handling here: this is the raw layer both the session (login, logout) and
 * the authenticated HTTP client build on, which is what keeps the two from depending on each other.
 */
import { RequestError } from './errors';
import type { Limiter } from './limiter';

/** The methods the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * wx.request has no PATCH (its method list is OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT), so
 * PATCH travels as POST with the conventional override header; the server must honour it.
 */
export const METHOD_OVERRIDE_HEADER = 'X-HTTP-Method-Override';

type WxMethod = NonNullable<WechatMiniprogram.RequestOption['method']>;

function wireMethod(method: HttpMethod, header: Record<string, string>): { method: WxMethod; header: Record<string, string> } {
  if (method === 'PATCH') return { method: 'POST', header: { ...header, [METHOD_OVERRIDE_HEADER]: 'PATCH' } };
  return { method, header };
}

/** getNetworkType tells a device without network from a server that does not answer; optional, as in tests. */
export type TransportWx = Pick<WechatMiniprogram.Wx, 'request' | 'uploadFile'> & Partial<Pick<WechatMiniprogram.Wx, 'getNetworkType'>>;

/** What createTransport is built from. */
export interface TransportDeps {
  wx: TransportWx;
  baseUrl: string;
  limiter: Limiter;
}

/** One wx.request, relative to the base URL. */
export interface RawRequest {
  path: string;
  method: HttpMethod;
  data?: unknown;
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

/** wx.request and wx.uploadFile as Promises. */
export interface Transport {
  send(request: RawRequest): Promise<RawResponse>;
  upload(upload: RawUpload): Promise<RawResponse>;
}

/** What WeChat's network stack says when the device itself is offline (Android cronet, iOS NSURLError). */
const OFFLINE_ERRMSG = /INTERNET_DISCONNECTED|errcode:-106\b|not connected to the internet|appears to be offline/i;

/** Asks WeChat whether the device has any network; a runtime without the API (or failing it) says nothing. */
function deviceOffline(wx: TransportWx): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getNetworkType !== 'function') {
      resolve(false);
      return;
    }
    try {
      wx.getNetworkType({ success: (result) => resolve(result.networkType === 'none'), fail: () => resolve(false) });
    } catch {
      resolve(false);
    }
  });
}

async function failure(wx: TransportWx, result: WechatMiniprogram.GeneralCallbackResult): Promise<RequestError> {
  const errMsg = result.errMsg || 'request:fail';
  if (/timeout/i.test(errMsg)) return new RequestError('timeout', errMsg);
  const offline = OFFLINE_ERRMSG.test(errMsg) || (await deviceOffline(wx));
  return new RequestError(offline ? 'offline' : 'network', errMsg);
}

/** wx.request's `data` type; JSON bodies are plain objects or arrays in practice. */
function requestBody(data: unknown): WechatMiniprogram.IAnyObject | string | ArrayBuffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || data instanceof ArrayBuffer) return data;
  if (typeof data === 'object') return data as WechatMiniprogram.IAnyObject;
  return JSON.stringify(data);
}

/** `baseUrl` and `path` with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The transport over `wx`, behind `limiter`. */
export function createTransport({ wx, baseUrl, limiter }: TransportDeps): Transport {
  return {
    send(request) {
      return limiter.run(
        () =>
          new Promise<RawResponse>((resolve, reject) => {
            const wire = wireMethod(request.method, request.header);
            wx.request({
              url: joinUrl(baseUrl, request.path),
              method: wire.method,
              data: requestBody(request.data),
              header: wire.header,
              dataType: 'json',
              responseType: 'text',
              ...(request.timeout === undefined ? {} : { timeout: request.timeout }),
              success: (result) => resolve({ statusCode: result.statusCode, data: result.data }),
              fail: (result) => {
                void failure(wx, result).then(reject);
              },
            });
          }),
      );
    },
    upload(upload) {
      return limiter.run(
        () =>
          new Promise<RawResponse>((resolve, reject) => {
            wx.uploadFile({
              url: joinUrl(baseUrl, upload.path),
              filePath: upload.filePath,
              name: upload.name,
              header: upload.header,
              ...(upload.formData === undefined ? {} : { formData: upload.formData }),
              ...(upload.timeout === undefined ? {} : { timeout: upload.timeout }),
              success: (result) => resolve({ statusCode: result.statusCode, data: result.data }),
              fail: (result) => {
                void failure(wx, result).then(reject);
              },
            });
          }),
      );
    },
  };
}
