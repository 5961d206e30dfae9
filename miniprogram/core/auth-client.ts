/**
 * The two unauthenticated-by-design calls the session makes itself, straight on the transport: login
 * (no token yet) and logout (must not trigger the 401 re-login path of the HTTP client).
 */
import type { LoginRequest, LoginResponse } from '../../typings/contract';
import { isRecord, successBody } from './body';
import { RequestError } from './errors';
import { isUser } from './session-store';
import type { Transport } from './transport';

export interface AuthClient {
  login(code: string): Promise<LoginResponse>;
  logout(token: string, timeoutMs: number): Promise<void>;
}

export const LOGIN_PATH = '/api/auth/login';
export const LOGOUT_PATH = '/api/auth/logout';

export function parseLoginResponse(value: unknown): LoginResponse {
  if (
    !isRecord(value) ||
    typeof value.token !== 'string' ||
    value.token === '' ||
    typeof value.expiresAt !== 'string' ||
    Number.isNaN(Date.parse(value.expiresAt)) ||
    !isUser(value.user) ||
    typeof value.isNew !== 'boolean'
  ) {
    throw new RequestError('parse', 'login response does not match the contract');
  }
  return { token: value.token, expiresAt: value.expiresAt, user: value.user, isNew: value.isNew };
}

/** The login body: the mini-program's own AppID goes with the code when the runtime can tell it. */
export function loginBody(code: string, appId: string | null): LoginRequest {
  return appId === null ? { code } : { code, appid: appId };
}

/** `appId`: this mini-program's AppID, so one server can serve several; null sends none (the server's default app). */
export function createAuthClient(transport: Transport, appId: string | null = null): AuthClient {
  return {
    async login(code) {
      const response = await transport.send({
        path: LOGIN_PATH,
        method: 'POST',
        data: loginBody(code, appId),
        header: { 'Content-Type': 'application/json' },
      });
      return parseLoginResponse(successBody(response));
    },
    async logout(token, timeoutMs) {
      const response = await transport.send({
        path: LOGOUT_PATH,
        method: 'POST',
        header: { Authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      });
      successBody(response);
    },
  };
}
