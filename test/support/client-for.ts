/**
 * The project's client against a real server on a real port: the fake wx's network goes over HTTP, and its
 * wx.login codes are swapped on the way for codes the WeChat emulator minted for the same openid, as
 * WeChat's own codes are redeemable at jscode2session. The one place that knows where the client comes
 * from: the miniprogram-login package, configured for this project's contract (the default).
 */
import { createLogin, type Login } from 'miniprogram-login';
import { createApi, type Api } from 'miniprogram-login/api';
import { createFakeServer, type FakeOutcome, type FakeRequest } from './fake-server';
import { createFakeWx, type FakeWx } from './fake-wx';

export interface RealClient extends Login {
  api: Api;
  fake: FakeWx;
}

export interface ClientTarget {
  /** The server under test, e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  /** The WeChat emulator's base (standalone, or a companion server's /__wechat). */
  emulatorUrl: string;
  /** The path whose body carries the wx.login code; default the contract's. */
  loginPath?: string;
  openid?: string;
}

/** The AppID the client sends with its login (from its wx.getAccountInfoSync). */
export function clientAppId(): string {
  return createFakeWx().wx.getAccountInfoSync().miniProgram.appId;
}

const FAKE_CODE = /^code:(.+):\d+$/;

export function clientFor(target: ClientTarget): RealClient {
  const loginPath = target.loginPath ?? '/api/auth/login';
  const minted = new Map<string, Promise<string>>();

  async function emulatorCode(fakeCode: string): Promise<string> {
    const openid = FAKE_CODE.exec(fakeCode)?.[1];
    if (openid === undefined) return fakeCode;
    const known = minted.get(fakeCode);
    if (known !== undefined) return known;
    const code = fetch(`${target.emulatorUrl}/control/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid }),
    }).then(async (response) => ((await response.json()) as { code: string }).code);
    minted.set(fakeCode, code);
    return code;
  }

  async function bodyOf(request: FakeRequest): Promise<string | undefined> {
    if (request.wireMethod === 'GET' || request.data === undefined) return undefined;
    const data = request.data as Record<string, unknown>;
    if (request.path === loginPath && typeof data.code === 'string') return JSON.stringify({ ...data, code: await emulatorCode(data.code) });
    return typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
  }

  async function overHttp(request: FakeRequest): Promise<FakeOutcome> {
    if (request.api === 'uploadFile') return { fail: 'uploadFile:fail this client sends no files over HTTP' };
    const body = await bodyOf(request);
    const headers = new Headers(request.header);
    // wx.request sends JSON unless told otherwise.
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    try {
      const response = await fetch(request.url, { method: request.wireMethod, headers, body });
      return { statusCode: response.status, data: await response.text(), header: Object.fromEntries(response.headers) };
    } catch (error) {
      return { fail: `request:fail ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  const fake = createFakeWx({ server: createFakeServer().fallback(overHttp), ...(target.openid === undefined ? {} : { openid: target.openid }) });
  const login = createLogin(fake.wx, { baseUrl: target.baseUrl });
  return { ...login, api: createApi(login.http), fake };
}
