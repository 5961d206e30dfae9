/**
 * The three backend shapes the client is tested against, each as the client's configuration and as a
 * translation of the in-memory contract server (contract-server.ts) into that shape's wire conventions:
 *
 * - `contract`: this project's contract, the package's defaults (no configuration).
 * - `litemall`: litemall's conventions (seed 002): `POST /wx/auth/login_by_weixin` with `{code}`, the
 *   token in `X-Litemall-Token`, every answer HTTP 200 with `{errno, errmsg, data}`, `errno: 501` when
 *   the login has expired.
 * - `query`: a backend that takes the token as `?access_token=` and answers `{access_token, expires_in, profile}`.
 *
 * `speak(shape, server)` makes a server answer in `shape`: requests are translated to the contract before
 * its routes see them, answers back after, so a test's own contract-shaped routes work in every shape.
 */
import type { AnswerReader, LoginConfig, User } from 'miniprogram-login';
import { bearerToken, headerValue, isFailure, type FakeOutcome, type FakeRequest, type FakeServer } from './fake-server';

export interface BackendShape {
  name: 'contract' | 'litemall' | 'query';
  /** The client's configuration for this backend, without the base URL. */
  config: Omit<LoginConfig<User>, 'baseUrl'>;
  loginPath: string;
  logoutPath: string;
  /** The token the client sent with `request`, wherever this shape carries it. */
  tokenOf(request: FakeRequest): string | null;
  /** How a refused token reaches the client: what a test can expect of the error beyond `kind: 'unauthorized'`. */
  expired: { statusCode: number; code: string | null };
  /** The error code the client reports for a contract error `code` sent with `status`. */
  errorCode(code: string, status: number): string;
  /** The HTTP status the client sees for a contract error sent with `status`. */
  errorStatus(status: number): number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LITEMALL_EXPIRED = 501;

/** litemall's rule for every answer: `errno` 0 is success with `data`, 501 means "log in again". */
export const litemallAnswer: AnswerReader = ({ statusCode, body }) => {
  if (statusCode === 200 && isRecord(body) && body.errno === 0) return { ok: true, data: body.data };
  const errno = isRecord(body) && typeof body.errno === 'number' ? body.errno : null;
  const errmsg = isRecord(body) && typeof body.errmsg === 'string' ? body.errmsg : null;
  return { ok: false, expired: errno === LITEMALL_EXPIRED, code: errno === null ? null : String(errno), message: errmsg };
};

const litemallConfig: BackendShape['config'] = {
  login: {
    path: '/wx/auth/login_by_weixin',
    body: (code) => ({ code }),
    read: (data) =>
      isRecord(data) && typeof data.token === 'string' && typeof data.tokenExpire === 'string'
        ? { token: data.token, expiresAt: Date.parse(data.tokenExpire), user: data.userInfo as User }
        : null,
  },
  logout: { path: '/wx/auth/logout' },
  token: { header: 'X-Litemall-Token' },
  answer: litemallAnswer,
};

const queryConfig: BackendShape['config'] = {
  login: {
    path: '/auth/wechat',
    body: (code, appId) => ({ js_code: code, app_id: appId }),
    read: (data, now) =>
      isRecord(data) && typeof data.access_token === 'string' && typeof data.expires_in === 'number'
        ? { token: data.access_token, expiresAt: now + data.expires_in * 1000, user: data.profile as User }
        : null,
  },
  logout: { path: '/auth/logout' },
  token: { query: 'access_token' },
};

export const CONTRACT: BackendShape = {
  name: 'contract',
  config: {},
  loginPath: '/api/auth/login',
  logoutPath: '/api/auth/logout',
  tokenOf: bearerToken,
  expired: { statusCode: 401, code: 'UNAUTHORIZED' },
  errorCode: (code) => code,
  errorStatus: (status) => status,
};

export const LITEMALL: BackendShape = {
  name: 'litemall',
  config: litemallConfig,
  loginPath: '/wx/auth/login_by_weixin',
  logoutPath: '/wx/auth/logout',
  tokenOf: (request) => headerValue(request.header, 'X-Litemall-Token'),
  expired: { statusCode: 200, code: String(LITEMALL_EXPIRED) },
  errorCode: (_code, status) => String(status === 401 ? LITEMALL_EXPIRED : status),
  errorStatus: (status) => (status >= 500 ? status : 200),
};

export const QUERY: BackendShape = {
  name: 'query',
  config: queryConfig,
  loginPath: '/auth/wechat',
  logoutPath: '/auth/logout',
  tokenOf: (request) => request.query.access_token ?? null,
  expired: { statusCode: 401, code: 'UNAUTHORIZED' },
  errorCode: (code) => code,
  errorStatus: (status) => status,
};

export const BACKENDS: readonly BackendShape[] = [CONTRACT, LITEMALL, QUERY];

function toContract(shape: BackendShape, request: FakeRequest): FakeRequest {
  const token = shape.tokenOf(request);
  const { access_token: _dropped, ...query } = request.query;
  const header = { ...request.header, ...(token === null ? {} : { Authorization: `Bearer ${token}` }) };
  const data = isRecord(request.data) ? request.data : {};
  if (request.path === shape.loginPath) {
    const body = shape === QUERY ? { code: data.js_code, ...(data.app_id ? { appid: data.app_id } : {}) } : { code: data.code };
    return { ...request, path: CONTRACT.loginPath, query, header, data: body };
  }
  const path = request.path === shape.logoutPath ? CONTRACT.logoutPath : request.path;
  return { ...request, path, query, header };
}

function loginData(shape: BackendShape, data: unknown): unknown {
  if (!isRecord(data)) return data;
  if (shape === LITEMALL) return { token: data.token, tokenExpire: data.expiresAt, userInfo: data.user };
  const expiresIn = typeof data.expiresAt === 'string' ? Math.floor((Date.parse(data.expiresAt) - Date.now()) / 1000) : data.expiresAt;
  return { access_token: data.token, expires_in: expiresIn, profile: data.user };
}

function fromContract(shape: BackendShape, request: FakeRequest, outcome: FakeOutcome): FakeOutcome {
  if (isFailure(outcome)) return outcome;
  const success = outcome.statusCode >= 200 && outcome.statusCode < 300;
  const data = success && request.path === shape.loginPath ? loginData(shape, outcome.data) : outcome.data;
  if (shape !== LITEMALL) return { ...outcome, data };
  // A body that is not JSON (a captive portal's page) is nobody's envelope.
  if (success && typeof data === 'string') return outcome;
  if (success) return { ...outcome, statusCode: 200, data: { errno: 0, errmsg: '成功', data } };
  const error = isRecord(outcome.data) && isRecord(outcome.data.error) ? outcome.data.error : null;
  // A proxy's 5xx page is not litemall's to wrap; its own failures are HTTP 200 with an errno.
  if (error === null) return outcome;
  const errno = outcome.statusCode === 401 ? LITEMALL_EXPIRED : outcome.statusCode;
  return { ...outcome, statusCode: outcome.statusCode >= 500 ? outcome.statusCode : 200, data: { errno, errmsg: typeof error.message === 'string' ? error.message : '错误' } };
}

/** `server`, answering in `shape`'s wire conventions (the same object: its inspection methods still work). */
export function speak<S extends FakeServer>(shape: BackendShape, server: S): S {
  if (shape === CONTRACT) return server;
  const handle = server.handle.bind(server);
  server.handle = async (request) => fromContract(shape, request, await handle(toContract(shape, request)));
  return server;
}
