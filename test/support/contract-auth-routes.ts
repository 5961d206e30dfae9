/**
 * The contract's auth routes (`POST /api/auth/login`, `POST /api/auth/logout`) and the bearer-token
 * guard every user route sits behind. Login accepts the fake wx.login's codes, once each.
 */
import type { User } from '../../typings/contract';
import { loginBody } from './contract-input';
import { issueToken, userFor, type ContractStore } from './contract-store';
import { bearerToken, errorResponse, json, type FakeRequest, type FakeResponse, type FakeServer } from './fake-server';

const LOGIN_CODE = /^code:(.+):\d+$/;

export interface LoginControls {
  loginCount(): number;
  loginAppIds(): Array<string | null>;
}

function authenticate(store: ContractStore, request: FakeRequest): { user: User; token: string } | FakeResponse {
  const token = bearerToken(request);
  const record = token === null ? undefined : store.tokens.get(token);
  if (token === null || record === undefined || record.expiresAt <= Date.now()) {
    return errorResponse(401, 'UNAUTHORIZED', 'missing, unknown, expired or revoked token');
  }
  const user = store.users.get(record.userId);
  if (user === undefined) return errorResponse(401, 'UNAUTHORIZED', 'unknown user');
  return { user, token };
}

/** The handler runs only for a live token's user; anything else answers 401. */
export function authed(store: ContractStore, handler: (user: User, request: FakeRequest, token: string) => FakeResponse) {
  return (request: FakeRequest): FakeResponse => {
    const auth = authenticate(store, request);
    if ('statusCode' in auth) return auth;
    return handler(auth.user, request, auth.token);
  };
}

export function authRoutes(server: FakeServer, store: ContractStore): LoginControls {
  const usedCodes = new Set<string>();
  const appIds: Array<string | null> = [];
  let logins = 0;
  server
    .route('POST', '/api/auth/login', (request) => {
      const body = loginBody(request.data);
      if (body === null) return errorResponse(400, 'INVALID_INPUT', 'body must be { code, appid? }');
      appIds.push(body.appid);
      const match = LOGIN_CODE.exec(body.code);
      if (match === null || usedCodes.has(body.code)) return errorResponse(400, 'INVALID_CODE', 'invalid or used code');
      usedCodes.add(body.code);
      logins += 1;
      const { user, isNew } = userFor(store, match[1]);
      const { token, expiresAt } = issueToken(store, user.id);
      return json(200, { token, expiresAt: new Date(expiresAt).toISOString(), user, isNew });
    })
    .route(
      'POST',
      '/api/auth/logout',
      authed(store, (_user, _request, token) => {
        store.tokens.delete(token);
        return json(204);
      }),
    );
  return { loginCount: () => logins, loginAppIds: () => [...appIds] };
}
