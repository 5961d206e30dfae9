import { createAccessTokens, createMemoryAccessTokenCache, type AccessTokenCache, type AccessTokens, type FetchedAccessToken } from './access-token';
import { WechatBadResponseError, WechatErrcodeError } from './errors';
import { createWechatCall, isJson, type Json, type WechatCall, type WechatTransportDeps } from './transport';

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

export interface WechatClientDeps extends WechatTransportDeps {
  appid: string;
  secret: string;
  now: () => number;
  /** Where this app's access_token is kept; default: this process (createMemoryAccessTokenCache). */
  accessTokenCache?: AccessTokenCache;
}

/** The access_token was refused: invalid credential, invalid access_token, expired. */
const INVALID_ACCESS_TOKEN = new Set([40001, 40014, 42001]);

function requireString(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new WechatBadResponseError(`response lacks ${field}`);
  return value;
}

/** The access_token source for one app: stable_token, forcing a new token when the cached one was refused. */
function stableTokenFetcher(call: WechatCall, deps: Pick<WechatClientDeps, 'appid' | 'secret'>) {
  return async (forceRefresh: boolean): Promise<FetchedAccessToken> => {
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
  };
}

function sessionOf(body: Json): WechatSession {
  const unionid = body.unionid;
  return {
    openid: requireString(body, 'openid'),
    sessionKey: requireString(body, 'session_key'),
    unionid: typeof unionid === 'string' && unionid !== '' ? unionid : null,
  };
}

function phoneOf(body: Json): WechatPhone {
  const info = body.phone_info;
  if (!isJson(info)) throw new WechatBadResponseError('response lacks phone_info');
  return { purePhoneNumber: requireString(info, 'purePhoneNumber'), countryCode: requireString(info, 'countryCode') };
}

/** One mini-program's side of WeChat's API: code2Session, and getPhoneNumber with its access_token kept fresh. */
export function createWechatClient(deps: WechatClientDeps): WechatClient {
  const call = createWechatCall(deps);
  const accessTokens: AccessTokens = createAccessTokens({
    appid: deps.appid,
    cache: deps.accessTokenCache ?? createMemoryAccessTokenCache(),
    now: deps.now,
    fetchToken: stableTokenFetcher(call, deps),
  });

  async function phoneNumberWith(accessToken: string, code: string): Promise<Json> {
    return call('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: accessToken }, body: { code } });
  }

  return {
    appid: deps.appid,

    async code2Session(code) {
      const query = { appid: deps.appid, secret: deps.secret, js_code: code, grant_type: 'authorization_code' };
      return sessionOf(await call('/sns/jscode2session', { method: 'GET', query }));
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
      return phoneOf(body);
    },
  };
}
