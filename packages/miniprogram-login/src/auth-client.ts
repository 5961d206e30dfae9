/**
 * The two calls the session makes itself, straight on the transport: login (no token yet) and logout
 * (must not trigger the re-login path of the HTTP client).
 */
import { judge } from './body';
import type { ResolvedConfig, LoginResult } from './config';
import type { Transport } from './transport';

/** Login and logout as the session needs them. */
export interface AuthClient<U> {
  /** Exchanges wx.login's code for a session. */
  login(code: string): Promise<LoginResult<U>>;
  /** Revokes `token` on the server. */
  logout(token: string, timeoutMs: number): Promise<void>;
}

/** `appId`: this mini-program's AppID, for backends that serve several; null when unknown. */
export function createAuthClient<U>(transport: Transport, config: ResolvedConfig<U>, now: () => number, appId: string | null): AuthClient<U> {
  return {
    async login(code) {
      const response = await transport.send({
        path: config.login.path,
        method: config.login.method,
        data: config.login.body(code, appId),
        header: { 'Content-Type': 'application/json' },
      });
      return config.login.read(judge(response, config.answer), now());
    },
    async logout(token, timeoutMs) {
      if (config.logout === null) return;
      const { path, header } = config.authorize(config.logout.path, token);
      judge(await transport.send({ path, method: config.logout.method, header, timeout: timeoutMs }), config.answer);
    },
  };
}
