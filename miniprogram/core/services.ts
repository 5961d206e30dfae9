/**
 * The one place the default instances are wired to the global `wx`: a shared limiter, the session, the
 * HTTP client and the API. Built on first use, not at import, so tests (and miniprogram-simulate) can
 * install their `wx` before anything touches it.
 */
import { apiBaseUrl, currentAppId, currentEnvVersion } from '../config';
import { createApi, type Api } from './create-api';
import { createAuthClient } from './auth-client';
import { createHttp, type Http } from './create-http';
import { createLimiter } from './limiter';
import { createSession, type SessionWithTokens } from './create-session';
import { createTransport } from './transport';
import type { Clock } from './clock';

export interface Services {
  session: SessionWithTokens;
  http: Http;
  api: Api;
}

export type ServicesWx = Pick<
  WechatMiniprogram.Wx,
  | 'request'
  | 'uploadFile'
  | 'login'
  | 'checkSession'
  | 'getStorageSync'
  | 'setStorageSync'
  | 'removeStorageSync'
  | 'getAccountInfoSync'
  | 'getNetworkType'
>;

export interface ServicesOptions {
  baseUrl?: string;
  clock?: Clock;
}

export function createServices(source: ServicesWx, options: ServicesOptions = {}): Services {
  const baseUrl = options.baseUrl ?? apiBaseUrl(currentEnvVersion(source));
  const limiter = createLimiter();
  const appId = currentAppId(source);
  const session = createSession({
    wx: source,
    storage: source,
    auth: createAuthClient(createTransport({ wx: source, baseUrl, limiter }), appId),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const http = createHttp({ wx: source, baseUrl, tokens: session, limiter });
  return { session, http, api: createApi(http, appId) };
}

let instance: Services | null = null;

export function services(): Services {
  if (instance === null) instance = createServices(wx);
  return instance;
}
