import { startStandaloneEmulator, type StandaloneEmulator } from '../../../server/emulator/standalone';
import { EMULATOR_SECRET } from '../../../server/emulator/state';
import { serveExample, type ExampleApp, type RunningExample } from '../../../examples/shared/serve';
import { clientAppId, clientFor } from '../../support/client-for';

interface Result {
  status: number;
  body: unknown;
}

async function call(url: string, init: RequestInit = {}): Promise<Result> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const errorCode = (result: Result): unknown => (result.body as { error?: { code?: unknown } } | null)?.error?.code;

/**
 * An example app served as its main.ts serves it (serveExample over an environment) against the WeChat
 * emulator on its own port, driven by the project's client.
 */
export function describeExample(name: string, example: ExampleApp): void {
  describe(`examples/${name}`, () => {
    let emulator: StandaloneEmulator;
    let running: RunningExample;
    let url: string;

    beforeAll(async () => {
      emulator = await startStandaloneEmulator({ appids: [clientAppId()] });
      const env = { WECHAT_APPID: clientAppId(), WECHAT_SECRET: EMULATOR_SECRET, WECHAT_API_BASE: emulator.url, PORT: '0' };
      running = await serveExample(0, example, env);
      url = running.url;
    });

    afterAll(async () => {
      await running.close();
      await emulator.close();
    });

    const jscode2sessionCalls = (): number => emulator.state.calls()['/sns/jscode2session'] ?? 0;

    test('the client logs in, reads me and logs out; the token is dead afterwards', async () => {
      const client = clientFor({ baseUrl: url, emulatorUrl: emulator.url, openid: `o-${name}-1` });
      await client.session.ensureLogin();
      expect(client.session.getState().status).toBe('logged-in');
      const token = client.session.getToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const user = await client.api.getMe();
      expect(user).toEqual(client.session.getUser());
      expect(Object.keys(user).sort()).toEqual(['avatarUrl', 'countryCode', 'createdAt', 'id', 'nickName', 'phoneNumber']);
      await client.session.logout();
      expect(client.session.getState().status).toBe('logged-out');
      const after = await call(`${url}/api/user/me`, { headers: { authorization: `Bearer ${token ?? ''}` } });
      expect(after.status).toBe(401);
      expect(errorCode(after)).toBe('UNAUTHORIZED');
    });

    test('a token the server revoked is answered 401: the client logs in once more and replays', async () => {
      const client = clientFor({ baseUrl: url, emulatorUrl: emulator.url, openid: `o-${name}-2` });
      await client.session.ensureLogin();
      const first = client.session.getToken() ?? '';
      const { id } = await client.api.getMe();
      const before = jscode2sessionCalls();
      running.sessions.revoke(first);
      expect((await client.api.getMe()).id).toBe(id);
      expect(client.session.getToken()).not.toBe(first);
      expect(jscode2sessionCalls()).toBe(before + 1);
    });

    test("WeChat's refusals and outages are the contract's codes", async () => {
      expect(errorCode(await call(`${url}/api/auth/login`, postJson({ code: 'never-minted' })))).toBe('INVALID_CODE');
      emulator.state.addFault('/sns/jscode2session', { errcode: -1 }, 2);
      const busy = await call(`${url}/api/auth/login`, postJson({ code: emulator.state.mintLoginCode('o-busy', undefined, undefined).code }));
      expect(busy.status).toBe(503);
      expect(errorCode(busy)).toBe('WECHAT_UNAVAILABLE');
    });

    test('bad input is 400 INVALID_INPUT and a missing token 401, in the contract shape', async () => {
      const { code } = emulator.state.mintLoginCode('o-bad-input', undefined, undefined);
      for (const body of [{}, { code: 42 }, { code, extra: true }, { code, appid: 'wx-not-this-app' }]) {
        const result = await call(`${url}/api/auth/login`, postJson(body));
        expect([result.status, errorCode(result)]).toEqual([400, 'INVALID_INPUT']);
      }
      const notJson = await call(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
      expect([notJson.status, errorCode(notJson)]).toEqual([400, 'INVALID_INPUT']);
      const anonymous = await call(`${url}/api/user/me`);
      expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHORIZED']);
      expect((await call(`${url}/api/auth/logout`, { method: 'POST', headers: { authorization: 'Bearer not-a-live-token-0000' } })).status).toBe(401);
    });
  });
}
