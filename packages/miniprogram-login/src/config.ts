/**
 * How the client talks to a backend, in one object: where it lives per envVersion, how the login request
 * looks and how its answer is read, where the token goes, and what an answer means (success, the payload,
 * "the login has expired"). Every field has this project's contract as its default.
 */
import type { AnswerReader } from './body';
import type { Clock } from './clock';
import type { User } from './contract';
import type { HttpMethod, RequestBody } from './transport';

/** The build a mini-program runs as (`wx.getAccountInfoSync().miniProgram.envVersion`). */
export type EnvVersion = 'develop' | 'trial' | 'release';

/** What the session keeps of a login: the token, when it expires (epoch ms), and the user. */
export interface LoginResult<U> {
  token: string;
  expiresAt: number;
  user: U;
}

/** Where the token goes on every authenticated call: a header (`format` makes its value) or a query parameter. */
export type TokenPlacement = { header: string; format?: (token: string) => string } | { query: string };

/** The login request and how its payload is read. */
export interface LoginRoute<U> {
  /** Default `/api/auth/login`. */
  path?: string;
  /** Default `POST`. */
  method?: HttpMethod;
  /** The request body from wx.login's code and this mini-program's AppID (null when unknown). */
  body?: (code: string, appId: string | null) => RequestBody;
  /**
   * The session from the login's payload (after `answer` unwrapped it); null when it does not fit. `now` is
   * epoch ms. A result without a token, a finite expiry or a user `isUser` accepts fails the login as `parse`.
   */
  read?: (payload: unknown, now: number) => LoginResult<U> | null;
}

/** The configuration `createLogin` and `configure` take; everything is optional except `baseUrl`. */
export interface LoginConfig<U = User> {
  /** The backend's origin, one for all builds or one per envVersion. */
  baseUrl: string | Partial<Record<EnvVersion, string>>;
  login?: LoginRoute<U>;
  /** The call that revokes the token on the server; default `POST /api/auth/logout`; null: none. */
  logout?: { path: string; method?: HttpMethod } | null;
  /** Default `Authorization: Bearer <token>`. */
  token?: TokenPlacement;
  /** What an answer means; default: 2xx is the payload, `{error: {code, message}}` otherwise. HTTP 401 always means expired. */
  answer?: AnswerReader;
  /**
   * Checks the user of every login and of the stored session on a warm launch; default: the contract's
   * User, or any value but null and undefined when `login.read` is your own.
   */
  isUser?: (value: unknown) => value is U;
  /** Storage key of the session; default `session.v1`. */
  storageKey?: string;
  /** A token this close to its expiry counts as expired; default 5 minutes. */
  expiryMarginMs?: number;
  /** The longest logout waits for the server; default 3000 ms. */
  logoutTimeoutMs?: number;
  /** Time, for tests; default the system clock. */
  clock?: Clock;
}

/** The wx APIs configuration reads. */
export type AccountInfoSource = Pick<WechatMiniprogram.Wx, 'getAccountInfoSync'>;

/** DevTools' placeholder for a project without an AppID: not one a server could know. */
const TOURIST_APPID = 'touristappid';

function miniProgramInfo(source: AccountInfoSource): Partial<WechatMiniprogram.MiniProgram> {
  try {
    return source.getAccountInfoSync().miniProgram;
  } catch {
    return {};
  }
}

/** The running build's envVersion; `develop` when the runtime cannot tell (old base libraries). */
export function currentEnvVersion(source: AccountInfoSource): EnvVersion {
  return miniProgramInfo(source).envVersion || 'develop';
}

/** This mini-program's AppID, or null when the runtime cannot tell (or it runs as a tourist). */
export function currentAppId(source: AccountInfoSource): string | null {
  const { appId } = miniProgramInfo(source);
  return typeof appId === 'string' && appId !== '' && appId !== TOURIST_APPID ? appId : null;
}

/** The base URL for `env`; a clear error when the configuration has none for it. */
export function baseUrlFor(baseUrl: LoginConfig<unknown>['baseUrl'], env: EnvVersion): string {
  const url = typeof baseUrl === 'string' ? baseUrl : baseUrl[env];
  if (typeof url !== 'string' || url === '') throw new Error(`miniprogram-login: no baseUrl for envVersion "${env}"`);
  return url;
}

/** Puts a token where the backend wants it (see {@link TokenPlacement}). */
export type Authorize = (path: string, token: string) => { path: string; header: Record<string, string> };

/** The {@link Authorize} for `token`; default `Authorization: Bearer <token>`. */
export function placeToken(token: TokenPlacement = { header: 'Authorization', format: (value) => `Bearer ${value}` }): Authorize {
  if ('query' in token) {
    return (path, value) => ({
      path: `${path}${path.includes('?') ? '&' : '?'}${encodeURIComponent(token.query)}=${encodeURIComponent(value)}`,
      header: {},
    });
  }
  const { header, format = (value: string) => value } = token;
  return (path, value) => ({ path, header: { [header]: format(value) } });
}
