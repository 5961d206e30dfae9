import { ApiError, bearerTokenOf, errorBody, isWechatFailure, toApiError, unauthorized, type ErrorBody, type WechatApps } from '../../server/sdk';
import type { LoginResponse, User } from '../../typings/contract';
import type { SessionTable } from './sessions';

/** What a route answers, whatever the framework: a status and a JSON body (none for 204). */
export interface Answer {
  status: number;
  body?: LoginResponse | User | ErrorBody;
}

const CODE = /^[!-~]{1,128}$/;

function loginRequestOf(body: unknown): { code: string; appid?: string } {
  const { code, appid, ...rest } = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof code !== 'string' || !CODE.test(code)) throw new ApiError(400, 'INVALID_INPUT', 'code must be the string wx.login gave');
  if (appid !== undefined && typeof appid !== 'string') throw new ApiError(400, 'INVALID_INPUT', 'appid must be a string');
  if (Object.keys(rest).length > 0) throw new ApiError(400, 'INVALID_INPUT', `unknown field ${Object.keys(rest)[0]}`);
  return appid === undefined ? { code } : { code, appid };
}

/** POST /api/auth/login: code2Session through the SDK, then the team's own user and token. */
export async function login(apps: WechatApps, sessions: SessionTable, body: unknown): Promise<Answer> {
  const request = loginRequestOf(body);
  const { openid } = await apps.forLogin(request.appid).code2Session(request.code);
  return { status: 200, body: sessions.login(openid) };
}

/** The live token of `Authorization: Bearer <token>`, or the contract's 401. */
function liveToken(sessions: SessionTable, authorization: string | undefined): { token: string; user: User } {
  const token = bearerTokenOf(authorization);
  const user = token === null ? null : sessions.userOf(token);
  if (token === null || user === null) throw unauthorized('the token is unknown, expired or revoked');
  return { token, user };
}

/** GET /api/user/me */
export function me(sessions: SessionTable, authorization: string | undefined): Answer {
  return { status: 200, body: liveToken(sessions, authorization).user };
}

/** POST /api/auth/logout: the token is dead at once. */
export function logout(sessions: SessionTable, authorization: string | undefined): Answer {
  sessions.revoke(liveToken(sessions, authorization).token);
  return { status: 204 };
}

/** Any failure in the contract's `{ error: { code, message } }` shape; WeChat's errcodes mapped by the SDK. */
export function failure(error: unknown): Answer {
  if (error instanceof ApiError) return { status: error.statusCode, body: errorBody(error) };
  if (isWechatFailure(error)) return failure(toApiError(error));
  return failure(new ApiError(500, 'INTERNAL_ERROR', 'internal server error'));
}
