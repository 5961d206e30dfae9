/**
 * Two small real HTTP backends in other shapes than this project's contract, for the client's end-to-end
 * tests (test/e2e/js-app.test.ts). Both resolve wx.login codes the way any backend does, through WeChat's
 * code2Session (here the companion server's emulator at `wechatUrl`), and keep users and random tokens in
 * memory:
 *
 * - `litemall`: seed 002's routes. `POST /wx/auth/login_by_weixin {code}` answers
 *   `{errno: 0, errmsg, data: {token, tokenExpire, userInfo}}`; `GET /wx/user/info` and `POST /wx/auth/logout`
 *   read `X-Litemall-Token`; every answer is HTTP 200, `errno: 501` when logged out.
 * - `query`: `POST /auth/wechat {js_code}` answers `{access_token, expires_in, profile}`; `GET /me` and
 *   `POST /auth/logout` take `?access_token=`; 401 when logged out.
 *
 * `revokeAll()` forgets every token (what a restart with a new secret does).
 */
import { randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { EMULATOR_SECRET, TOURIST_APPID } from '../../server/emulator/state';

export type Dialect = 'litemall' | 'query';

export interface ShapedBackend {
  url: string;
  activeTokens(): number;
  revokeAll(): void;
  close(): Promise<void>;
}

interface Profile {
  id: number;
  nickName: string | null;
  avatarUrl: string | null;
}

interface Answer {
  status: number;
  body?: unknown;
}

const TOKEN_TTL_S = 2 * 60 * 60;

function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(text || '{}');
        resolve(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

export async function startShapedBackend(dialect: Dialect, wechatUrl: string): Promise<ShapedBackend> {
  const users = new Map<string, Profile>();
  const tokens = new Map<string, Profile>();

  async function openidOf(code: unknown): Promise<string | null> {
    if (typeof code !== 'string' || code === '') return null;
    const query = new URLSearchParams({ appid: TOURIST_APPID, secret: EMULATOR_SECRET, js_code: code, grant_type: 'authorization_code' });
    const answer = (await (await fetch(`${wechatUrl}/sns/jscode2session?${query}`)).json()) as { openid?: string };
    return answer.openid ?? null;
  }

  async function login(code: unknown): Promise<{ token: string; user: Profile } | null> {
    const openid = await openidOf(code);
    if (openid === null) return null;
    const user = users.get(openid) ?? { id: users.size + 1, nickName: null, avatarUrl: null };
    users.set(openid, user);
    const token = randomBytes(24).toString('hex');
    tokens.set(token, user);
    return { token, user };
  }

  const ok = (data?: unknown): Answer => (dialect === 'litemall' ? { status: 200, body: { errno: 0, errmsg: '成功', data } } : { status: data === undefined ? 204 : 200, body: data });
  const loggedOut = (): Answer => (dialect === 'litemall' ? { status: 200, body: { errno: 501, errmsg: '请登录' } } : { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'log in again' } } });
  const refused = (): Answer => (dialect === 'litemall' ? { status: 200, body: { errno: 402, errmsg: 'code 无效' } } : { status: 400, body: { error: { code: 'INVALID_CODE', message: 'code 无效' } } });

  async function route(request: http.IncomingMessage, url: URL): Promise<Answer> {
    const token = dialect === 'litemall' ? request.headers['x-litemall-token'] : url.searchParams.get('access_token');
    const user = typeof token === 'string' ? tokens.get(token) : undefined;
    const key = `${request.method} ${url.pathname}`;
    if (key === (dialect === 'litemall' ? 'POST /wx/auth/login_by_weixin' : 'POST /auth/wechat')) {
      const body = await readJson(request);
      const session = await login(dialect === 'litemall' ? body.code : body.js_code);
      if (session === null) return refused();
      if (dialect === 'query') return ok({ access_token: session.token, expires_in: TOKEN_TTL_S, profile: session.user });
      return ok({ token: session.token, tokenExpire: new Date(Date.now() + TOKEN_TTL_S * 1000).toISOString(), userInfo: session.user });
    }
    if (key === (dialect === 'litemall' ? 'GET /wx/user/info' : 'GET /me')) return user === undefined ? loggedOut() : ok(user);
    if (key === (dialect === 'litemall' ? 'POST /wx/auth/logout' : 'POST /auth/logout')) {
      if (user === undefined || typeof token !== 'string') return loggedOut();
      tokens.delete(token);
      return ok();
    }
    return { status: 404, body: dialect === 'litemall' ? { errno: 404, errmsg: 'not found' } : { error: { code: 'NOT_FOUND', message: key } } };
  }

  const server = http.createServer((request, response) => {
    route(request, new URL(request.url ?? '/', 'http://backend.invalid')).then(
      ({ status, body }) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(body === undefined ? '' : JSON.stringify(body));
      },
      (error: unknown) => {
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    activeTokens: () => tokens.size,
    revokeAll: () => tokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
