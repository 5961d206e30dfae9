/**
 * miniprogram-login: WeChat mini-program login for any backend. `configure()` the app-wide client once
 * (or `createLogin()` your own), then `session`, `request`, `upload`, `loginBehavior()`.
 */
import { createLoginBehavior } from './behavior';
import { session } from './default-login';

export { configure, session, request, upload, api } from './default-login';
export { createLogin } from './create-login';
export type { Login, LoginWx } from './create-login';
export { currentAppId, currentEnvVersion } from './config';
export type { EnvVersion, LoginConfig, LoginResult, LoginRoute, TokenPlacement, AccountInfoSource } from './config';
export { contractAnswer } from './body';
export type { Answer, AnswerReader, Verdict } from './body';
export { RequestError, isRequestError, describeError, errorTitle, isRetryable, isServerTrouble, errMsgOf } from './errors';
export type { RequestErrorKind, RequestErrorDetails } from './errors';
export { createSession, EXPIRY_MARGIN_MS, LOGOUT_TIMEOUT_MS } from './create-session';
export type { Session, SessionState, SessionStatus, SessionWithTokens, SessionDeps, SessionWx } from './create-session';
export { createHttp } from './create-http';
export type { Http, HttpDeps, RequestOptions, UploadOptions, TokenSource } from './create-http';
export { createApi, AVATAR_UPLOAD_TIMEOUT_MS } from './create-api';
export type { Api } from './create-api';
export { loadUser, refreshUser } from './current-user';
export type { CurrentUserDeps } from './current-user';
export { createLimiter, WECHAT_MAX_CONCURRENT_REQUESTS } from './limiter';
export type { Limiter } from './limiter';
export { METHOD_OVERRIDE_HEADER } from './transport';
export type { HttpMethod, TransportWx } from './transport';
export { SESSION_STORAGE_KEY } from './session-store';
export type { StoredSession, SessionStorage } from './session-store';
export type { Clock } from './clock';
export type { AvatarResponse, BindPhoneRequest, ErrorCode, HealthResponse, LoginResponse, UpdateMeRequest, User } from './contract';
export { createLoginBehavior, loginView } from './behavior';
export type { LoginView, LoginStateHandler } from './behavior';

let appBehavior: string | null = null;

/** The Behavior for the app-wide session (see {@link createLoginBehavior}); created on first call. */
export function loginBehavior(): string {
  if (appBehavior === null) appBehavior = createLoginBehavior(session);
  return appBehavior;
}
