import * as path from 'path';
import type { Activity } from './activity';
import { ApiFailure, asOptions, type ApiOptions } from './callbacks';
import type { ReportError } from './definitions';
import type { TempFiles } from './files';
import { createExchanges, type Body, type ExchangeSpec } from './http-exchange';
import { headersToObject, headerValue, stringHeaders } from './http-headers';

export interface NetworkDeps {
  activity: Activity;
  files: TempFiles;
  report: ReportError;
  /** Maps the URL the mini-program asked for onto the real server (the client's develop origin → serverUrl). */
  rewrite(url: string): string;
  /** app.json networkTimeout, in ms. */
  timeouts: { request: number; uploadFile: number };
  /** Observes every exchange (for narration and the automator's network log). */
  onExchange?: (exchange: { api: 'request' | 'uploadFile'; method: string; url: string; statusCode: number | null; errMsg: string }) => void;
}

/** wx.request's methods: there is no PATCH, so a PATCH fails as a parameter error before anything is sent. */
const REQUEST_METHODS: readonly string[] = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'];

function requestMethod(value: unknown): string {
  const method = String(value ?? 'GET').toUpperCase();
  if (!REQUEST_METHODS.includes(method)) {
    throw new ApiFailure(`request:fail parameter error: parameter.method should be one of ${REQUEST_METHODS.join(', ')} instead of ${method};`);
  }
  return method;
}

function toQuery(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'object' ? JSON.stringify(value) : String(value))}`)
    .join('&');
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

function requestBody(method: string, data: unknown, headers: Record<string, string>): { url: (u: string) => string; body: Body } {
  if (data === undefined || data === null) return { url: (u) => u, body: undefined };
  if (method === 'GET') {
    if (typeof data === 'string') return { url: (u) => (data ? `${u}${u.includes('?') ? '&' : '?'}${data}` : u), body: undefined };
    const query = toQuery(asOptions(data));
    return { url: (u) => (query ? `${u}${u.includes('?') ? '&' : '?'}${query}` : u), body: undefined };
  }
  if (typeof data === 'string') return { url: (u) => u, body: data };
  if (data instanceof ArrayBuffer) return { url: (u) => u, body: data };
  const contentType = headerValue(headers, 'content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) return { url: (u) => u, body: toQuery(asOptions(data)) };
  if (!contentType) headers['content-type'] = 'application/json';
  return { url: (u) => u, body: JSON.stringify(data) };
}

export interface Network {
  request(options: unknown): Record<string, unknown>;
  uploadFile(options: unknown): Record<string, unknown>;
  /** The app was killed: its exchanges are cut off and their callbacks never run (there is no app to call). */
  dropAll(): void;
}

/** wx.request's exchange: method, header and data as WeChat encodes them; the answer parsed per dataType and responseType. */
function requestSpec(deps: NetworkDeps, options: ApiOptions): ExchangeSpec {
  const dataType = options.dataType === undefined ? 'json' : String(options.dataType);
  const responseType = options.responseType === undefined ? 'text' : String(options.responseType);
  return {
    api: 'request',
    options,
    prepare: () => {
      const method = requestMethod(options.method);
      const headers = stringHeaders(options.header);
      const body = requestBody(method, options.data, headers);
      return { url: body.url(deps.rewrite(String(options.url ?? ''))), method, headers, body: body.body };
    },
    timeoutMs: typeof options.timeout === 'number' ? options.timeout : deps.timeouts.request,
    parse: async (response) => ({
      data: await responseData(response, dataType, responseType),
      statusCode: response.status,
      header: headersToObject(response.headers),
      cookies: [],
    }),
  };
}

async function responseData(response: Response, dataType: string, responseType: string): Promise<unknown> {
  if (responseType === 'arraybuffer') return await response.arrayBuffer();
  const text = await response.text();
  if (dataType !== 'json' || !text) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** wx.uploadFile's exchange: the temp file as a multipart part named `name`, formData as fields. */
function uploadSpec(deps: NetworkDeps, options: ApiOptions): ExchangeSpec {
  return {
    api: 'uploadFile',
    options,
    prepare: () => {
      const filePath = String(options.filePath ?? '');
      const bytes = deps.files.read(filePath);
      const form = new FormData();
      for (const [key, value] of Object.entries(asOptions(options.formData))) form.append(key, String(value));
      const type = MIME_BY_EXTENSION[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
      form.append(String(options.name ?? 'file'), new Blob([Uint8Array.from(bytes)], { type }), path.basename(filePath));
      // The multipart boundary is fetch's to set, as WeChat sets it whatever header the app passed.
      const headers = Object.fromEntries(Object.entries(stringHeaders(options.header)).filter(([key]) => key.toLowerCase() !== 'content-type'));
      return { url: deps.rewrite(String(options.url ?? '')), method: 'POST', headers, body: form };
    },
    timeoutMs: typeof options.timeout === 'number' ? options.timeout : deps.timeouts.uploadFile,
    parse: async (response) => ({ data: await response.text(), statusCode: response.status, header: headersToObject(response.headers) }),
  };
}

export function createNetwork(deps: NetworkDeps): Network {
  const exchanges = createExchanges(deps);
  return {
    dropAll: () => exchanges.dropAll(),
    request: (raw: unknown) => exchanges.start(requestSpec(deps, asOptions(raw))),
    uploadFile: (raw: unknown) => exchanges.start(uploadSpec(deps, asOptions(raw))),
  };
}
