/**
 * miniprogram-login: WeChat mini-program login for any backend. `configure()` the app-wide client once
 * (or `createLogin()` your own), then `session`, `request`, `upload`, `loginBehavior()`. Optional entries:
 * `miniprogram-login/messages` (errors in the user's words), `miniprogram-login/api` (this project's routes).
 */
import { createLoginBehavior } from './behavior';
import { session } from './default-login';

export { configure, session, request, upload } from './default-login';
export { createLogin } from './create-login';
export type { Login, LoginWx } from './create-login';
export { currentAppId, currentEnvVersion } from './config';
export type { Authorize, EnvVersion, LoginConfig, LoginResult, LoginRoute, TokenPlacement, AccountInfoSource } from './config';
export { contractAnswer } from './body';
export type { Answer, AnswerReader, Verdict } from './body';
export { RequestError, errMsgOf } from './errors';
export type { RequestErrorKind, RequestErrorDetails } from './errors';
export type { Session, SessionState, SessionStatus, SessionWithTokens } from './create-session';
export type { Http, RequestOptions, UploadOptions, TokenSource } from './create-http';
export { createLimiter } from './limiter';
export type { Limiter } from './limiter';
export { METHOD_OVERRIDE_HEADER } from './transport';
export type { HttpMethod, RequestBody } from './transport';
export { SESSION_STORAGE_KEY } from './session-store';
export type { StoredSession } from './session-store';
export type { Clock } from './clock';
export type { AvatarResponse, BindPhoneRequest, ErrorCode, HealthResponse, LoginResponse, UpdateMeRequest, User } from './contract';
export { createLoginBehavior } from './behavior';
export type { LoginView, LoginStateHandler } from './behavior';

let appBehavior: string | null = null;

/** The Behavior for the app-wide session (see {@link createLoginBehavior}); created on first call. */
export function loginBehavior(): string {
  if (appBehavior === null) appBehavior = createLoginBehavior(session);
  return appBehavior;
}
