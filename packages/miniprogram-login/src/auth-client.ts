/**
 * The two calls the session makes itself, straight on the transport: login (no token yet) and logout
 * (must not trigger the re-login path of the HTTP client). The configured routes, or the contract's.
 */
import type { Authorize, LoginConfig, LoginResult } from './config';
import { contractLoginBody, contractRead } from './contract-read';
import type { Transport } from './transport';

/** Login and logout as the session needs them. */
export interface AuthClient<U> {
  /** Exchanges wx.login's code for a session; null when the answer does not fit (the session checks it). */
  login(code: string): Promise<LoginResult<U> | null>;
  /** Revokes `token` on the server; settles with the server's answer. */
  logout(token: string, timeoutMs: number): Promise<unknown>;
}

/** How the auth client reaches the backend. */
export interface AuthDeps {
  transport: Transport;
  authorize: Authorize;
  now: () => number;
  /** This mini-program's AppID, for backends that serve several; null when unknown. */
  appId: string | null;
}

/** The auth client for `config`'s `login` and `logout`. */
export function createAuthClient<U>({ login = {}, logout }: LoginConfig<U>, { transport, authorize, now, appId }: AuthDeps): AuthClient<U> {
  const { path = '/api/auth/login', method = 'POST', body = contractLoginBody, read = contractRead as Required<typeof login>['read'] } = login;
  return {
    login: (code) =>
      transport
        .send({ path, method, data: body(code, appId), header: { 'Content-Type': 'application/json' } })
        .then((payload) => read(payload, now())),
    logout(token, timeoutMs) {
      if (logout === null) return Promise.resolve();
      const route = logout || { path: '/api/auth/logout' };
      const placed = authorize(route.path, token);
      return transport.send({ path: placed.path, method: route.method || 'POST', header: placed.header, timeout: timeoutMs });
    },
  };
}
