/** One configured client: the session and the HTTP client over one `wx`. */
import { createAuthClient } from './auth-client';
import { contractAnswer } from './body';
import { baseUrlFor, currentAppId, currentEnvVersion, placeToken, type LoginConfig } from './config';
import { systemClock } from './clock';
import type { User } from './contract';
import { isContractUser } from './contract-read';
import { createHttp, type Http } from './create-http';
import { createSession, type SessionWithTokens } from './create-session';
import { createLimiter } from './limiter';
import { createTransport } from './transport';

/** What createLogin returns. */
export interface Login<U = User> {
  session: SessionWithTokens<U>;
  http: Http;
}

/** The wx APIs the client uses. */
export type LoginWx = Pick<
  WechatMiniprogram.Wx,
  'request' | 'uploadFile' | 'login' | 'checkSession' | 'getStorageSync' | 'setStorageSync' | 'removeStorageSync' | 'getAccountInfoSync'
> &
  Partial<Pick<WechatMiniprogram.Wx, 'getNetworkType'>>;

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * A client for one backend over `source` (usually the global `wx`). Every network call shares one
 * limiter of 10, WeChat's cap. Throws when `config.baseUrl` has no URL for the running build.
 */
export function createLogin<U = User>(source: LoginWx, config: LoginConfig<U>): Login<U> {
  const clock = config.clock || systemClock;
  const appId = currentAppId(source);
  const transport = createTransport({
    wx: source,
    baseUrl: baseUrlFor(config.baseUrl, currentEnvVersion(source)),
    limiter: createLimiter(),
    answer: config.answer || contractAnswer,
  });
  const authorize = placeToken(config.token);
  const session = createSession<U>({
    wx: source,
    storage: source,
    auth: createAuthClient(config, { transport, authorize, now: () => clock.now(), appId }),
    // The contract's User unless the login is read another way, when any stored user will do.
    isUser: config.isUser || ((config.login && config.login.read ? isPresent : isContractUser) as (value: unknown) => value is U),
    clock,
    expiryMarginMs: config.expiryMarginMs,
    logoutTimeoutMs: config.logoutTimeoutMs,
    storageKey: config.storageKey,
  });
  const http = createHttp({ transport, tokens: session, authorize });
  return { session, http };
}
