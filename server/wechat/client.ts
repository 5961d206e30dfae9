import { createAccessTokens, createMemoryAccessTokenCache, type AccessTokenCache, type AccessTokens } from './access-token';
import { BUSY, WechatBadResponseError, WechatErrcodeError, WechatUnavailableError } from './errors';

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid: string | null;
}

export interface WechatPhone {
  /** The number without country code, e.g. 13800138000. */
  purePhoneNumber: string;
  countryCode: string;
}

export interface WechatClient {
  readonly appid: string;
  code2Session(code: string): Promise<WechatSession>;
  getPhoneNumber(code: string): Promise<WechatPhone>;
}

export interface WechatClientDeps {
  appid: string;
  secret: string;
  /** Read per call: with the emulator the base is only known once the server listens. */
  baseUrl: () => string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
  /** Where this app's access_token is kept; default: this process (createMemoryAccessTokenCache). */
  accessTokenCache?: AccessTokenCache;
}

type Json = Record<string, unknown>;

/** The access_token was refused: invalid credential, invalid access_token, expired. */
const INVALID_ACCESS_TOKEN = new Set([40001, 40014, 42001]);

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errcodeOf(body: Json): number {
  return typeof body.errcode === 'number' ? body.errcode : 0;
}

function requireString(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new WechatBadResponseError(`response lacks ${field}`);
  return value;
}

export function createWechatClient(deps: WechatClientDeps): WechatClient {
  async function send(path: string, init: { method: 'GET' | 'POST'; query: Record<string, string>; body?: Json }): Promise<Json> {
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

  /** WeChat's -1 means busy: worth exactly one retry. */
  async function call(path: string, init: { method: 'GET' | 'POST'; query: Record<string, string>; body?: Json }): Promise<Json> {
    for (let attempt = 1; ; attempt += 1) {
      const body = await send(path, init);
      const errcode = errcodeOf(body);
      if (errcode === 0) return body;
      if (errcode !== BUSY) throw new WechatErrcodeError(errcode, typeof body.errmsg === 'string' ? body.errmsg : '');
      if (attempt === 2) throw new WechatUnavailableError(`${path} busy (-1) after a retry`);
    }
  }

  const accessTokens: AccessTokens = createAccessTokens({
    appid: deps.appid,
    cache: deps.accessTokenCache ?? createMemoryAccessTokenCache(),
    now: deps.now,
    async fetchToken(forceRefresh) {
      const body = await call('/cgi-bin/stable_token', {
        method: 'POST',
        query: {},
        body: { grant_type: 'client_credential', appid: deps.appid, secret: deps.secret, force_refresh: forceRefresh },
      });
      const expiresIn = body.expires_in;
      return {
        accessToken: requireString(body, 'access_token'),
        expiresInSeconds: typeof expiresIn === 'number' ? expiresIn : 7200,
      };
    },
  });

  async function phoneNumberWith(accessToken: string, code: string): Promise<Json> {
    return call('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: accessToken }, body: { code } });
  }

  return {
    appid: deps.appid,

    async code2Session(code) {
      const body = await call('/sns/jscode2session', {
        method: 'GET',
        query: { appid: deps.appid, secret: deps.secret, js_code: code, grant_type: 'authorization_code' },
      });
      const unionid = body.unionid;
      return {
        openid: requireString(body, 'openid'),
        sessionKey: requireString(body, 'session_key'),
        unionid: typeof unionid === 'string' && unionid !== '' ? unionid : null,
      };
    },

    async getPhoneNumber(code) {
      let accessToken = await accessTokens.get();
      let body: Json;
      try {
        body = await phoneNumberWith(accessToken, code);
      } catch (error) {
        if (!(error instanceof WechatErrcodeError && INVALID_ACCESS_TOKEN.has(error.errcode))) throw error;
        accessTokens.invalidate(accessToken);
        accessToken = await accessTokens.get();
        body = await phoneNumberWith(accessToken, code);
      }
      const info = body.phone_info;
      if (!isJson(info)) throw new WechatBadResponseError('response lacks phone_info');
      return { purePhoneNumber: requireString(info, 'purePhoneNumber'), countryCode: requireString(info, 'countryCode') };
    },
  };
}
