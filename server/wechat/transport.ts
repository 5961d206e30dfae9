import { BUSY, WechatBadResponseError, WechatErrcodeError, WechatUnavailableError } from './errors';

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface WechatRequest {
  method: 'GET' | 'POST';
  query: Record<string, string>;
  body?: Json;
}

export interface WechatTransportDeps {
  /** Read per call: with the emulator the base is only known once the server listens. */
  baseUrl: () => string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Calls one of WeChat's API routes; resolves with a successful answer, rejects with the typed WeChat error. */
export type WechatCall = (path: string, init: WechatRequest) => Promise<Json>;

function errcodeOf(body: Json): number {
  return typeof body.errcode === 'number' ? body.errcode : 0;
}

/** One HTTP exchange with WeChat, its network and HTTP failures mapped to the SDK's errors. */
async function send(deps: WechatTransportDeps, path: string, init: WechatRequest): Promise<Json> {
  const url = new URL(`${deps.baseUrl().replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(init.query)) url.searchParams.set(name, value);
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: init.method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable';
    throw new WechatUnavailableError(`${path} ${reason}`);
  }
  if (response.status >= 500) throw new WechatUnavailableError(`${path} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new WechatBadResponseError(`${path} answered HTTP ${response.status} without JSON`);
  }
  if (!isJson(body)) throw new WechatBadResponseError(`${path} answered a non-object`);
  return body;
}

/** HTTP to WeChat's API for the client: errcodes become errors, and WeChat's -1 (busy) is worth exactly one retry. */
export function createWechatCall(deps: WechatTransportDeps): WechatCall {
  return async (path, init) => {
    for (let attempt = 1; ; attempt += 1) {
      const body = await send(deps, path, init);
      const errcode = errcodeOf(body);
      if (errcode === 0) return body;
      if (errcode !== BUSY) throw new WechatErrcodeError(errcode, typeof body.errmsg === 'string' ? body.errmsg : '');
      if (attempt === 2) throw new WechatUnavailableError(`${path} busy (-1) after a retry`);
    }
  };
}
