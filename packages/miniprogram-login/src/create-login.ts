/** One configured client: the session, the HTTP client and the default backend's API over one `wx`. */
import { createAuthClient } from './auth-client';
import { currentAppId, resolveConfig, type LoginConfig } from './config';
import { systemClock } from './clock';
import type { User } from './contract';
import { createApi, type Api } from './create-api';
import { createHttp, type Http } from './create-http';
import { createSession, type SessionWithTokens } from './create-session';
import { createLimiter } from './limiter';
import { createTransport } from './transport';

/** What createLogin returns. */
export interface Login<U = User> {
  session: SessionWithTokens<U>;
  http: Http;
  /** The default backend's routes (this project's contract). */
  api: Api;
}

/** The wx APIs the client uses. */
export type LoginWx = Pick<
  WechatMiniprogram.Wx,
  'request' | 'uploadFile' | 'login' | 'checkSession' | 'getStorageSync' | 'setStorageSync' | 'removeStorageSync' | 'getAccountInfoSync'
> &
  Partial<Pick<WechatMiniprogram.Wx, 'getNetworkType'>>;

/**
 * A client for one backend over `source` (usually the global `wx`). Every network call shares one
 * limiter of 10, WeChat's cap.
 */
export function createLogin<U = User>(source: LoginWx, config: LoginConfig<U>): Login<U> {
  const resolved = resolveConfig(config, source);
  const clock = resolved.clock ?? systemClock;
  const limiter = createLimiter();
  const appId = currentAppId(source);
  const transport = createTransport({ wx: source, baseUrl: resolved.baseUrl, limiter });
  const session = createSession<U>({
    wx: source,
    storage: source,
    auth: createAuthClient(transport, resolved, () => clock.now(), appId),
    isUser: resolved.isUser,
    clock,
    ...(resolved.expiryMarginMs === undefined ? {} : { expiryMarginMs: resolved.expiryMarginMs }),
    ...(resolved.logoutTimeoutMs === undefined ? {} : { logoutTimeoutMs: resolved.logoutTimeoutMs }),
    ...(resolved.storageKey === undefined ? {} : { storageKey: resolved.storageKey }),
  });
  const http = createHttp({
    wx: source,
    baseUrl: resolved.baseUrl,
    tokens: session,
    limiter,
    authorize: resolved.authorize,
    answer: resolved.answer,
  });
  return { session, http, api: createApi(http, appId) };
}
