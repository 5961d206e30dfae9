import * as path from 'path';
import type { Activity } from './activity';
import { ApiFailure, asOptions, settle, toFailure, type ApiOptions } from './callbacks';
import type { ReportError } from './definitions';
import type { TempFiles } from './files';

/** WeChat runs at most 10 request/uploadFile/downloadFile at a time; the rest wait their turn, FIFO. */
export const MAX_IN_FLIGHT = 10;

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

interface Slot {
  release(): void;
}

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

function headersToObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, key) => {
    result[key] = value;
  });
  return result;
}

function stringHeaders(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, header] of Object.entries(asOptions(value))) {
    if (header !== undefined && header !== null) result[key] = String(header);
  }
  return result;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
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

type Body = string | ArrayBuffer | FormData | undefined;

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

export function createNetwork(deps: NetworkDeps): Network {
  const acquire = createLimiter(MAX_IN_FLIGHT);
  const live = new Set<() => void>();

  /** One exchange: waits for a slot, then fetches with a timeout that starts when the request is sent. */
  const exchange = (
    api: 'request' | 'uploadFile',
    options: ApiOptions,
    prepare: () => { url: string; method: string; headers: Record<string, string>; body: Body },
    timeoutMs: number,
    parse: (response: Response) => Promise<Record<string, unknown>>,
  ): Record<string, unknown> => {
    const controller = new AbortController();
    let aborted = false;
    let dropped = false;
    const drop = (): void => {
      dropped = true;
      controller.abort();
    };
    live.add(drop);
    let method = 'GET';
    let url = String(options.url ?? '');
    const work = (async (): Promise<{ ok: true; value: unknown } | { ok: false; failure: { errMsg: string } }> => {
      const slot = await acquire();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        if (aborted || dropped) throw new ApiFailure(`${api}:fail abort`);
        const prepared = prepare();
        // wx.request has no PATCH: clients tunnel it through POST; the log shows what was meant.
        const override = headerValue(prepared.headers, 'x-http-method-override');
        method = override ? `${override.toUpperCase()} (POST + X-HTTP-Method-Override)` : prepared.method;
        url = prepared.url;
        const response = await fetch(prepared.url, { method: prepared.method, headers: prepared.headers, body: prepared.body, signal: controller.signal });
        const value = await parse(response);
        deps.onExchange?.({ api, method, url, statusCode: response.status, errMsg: `${api}:ok` });
        return { ok: true, value: { ...value, errMsg: `${api}:ok` } };
      } catch (error) {
        const failure = timedOut
          ? { errMsg: `${api}:fail timeout` }
          : aborted
            ? { errMsg: `${api}:fail abort` }
            : toFailure(api, error instanceof Error && error.cause instanceof Error ? error.cause : error);
        deps.onExchange?.({ api, method, url, statusCode: null, errMsg: failure.errMsg });
        return { ok: false, failure };
      } finally {
        clearTimeout(timer);
        slot.release();
      }
    })();
    void deps.activity.track(work).then((outcome) => {
      live.delete(drop);
      if (!dropped) settle(options, outcome, deps.report);
    });
    const noop = (): void => undefined;
    return {
      abort: () => {
        aborted = true;
        controller.abort();
      },
      onHeadersReceived: noop,
      offHeadersReceived: noop,
      onProgressUpdate: noop,
      offProgressUpdate: noop,
    };
  };

  return {
    dropAll() {
      for (const drop of live) drop();
      live.clear();
    },
    request(raw: unknown) {
      const options = asOptions(raw);
      const timeout = typeof options.timeout === 'number' ? options.timeout : deps.timeouts.request;
      const dataType = options.dataType === undefined ? 'json' : String(options.dataType);
      const responseType = options.responseType === undefined ? 'text' : String(options.responseType);
      return exchange(
        'request',
        options,
        () => {
          const method = requestMethod(options.method);
          const headers = stringHeaders(options.header);
          const body = requestBody(method, options.data, headers);
          return { url: body.url(deps.rewrite(String(options.url ?? ''))), method, headers, body: body.body };
        },
        timeout,
        async (response) => {
          let data: unknown;
          if (responseType === 'arraybuffer') {
            data = await response.arrayBuffer();
          } else {
            const text = await response.text();
            data = text;
            if (dataType === 'json' && text) {
              try {
                data = JSON.parse(text) as unknown;
              } catch {
                data = text;
              }
            }
          }
          return { data, statusCode: response.status, header: headersToObject(response.headers), cookies: [] };
        },
      );
    },

    uploadFile(raw: unknown) {
      const options = asOptions(raw);
      const timeout = typeof options.timeout === 'number' ? options.timeout : deps.timeouts.uploadFile;
      return exchange(
        'uploadFile',
        options,
        () => {
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
        timeout,
        async (response) => ({ data: await response.text(), statusCode: response.status, header: headersToObject(response.headers) }),
      );
    },
  };
}
