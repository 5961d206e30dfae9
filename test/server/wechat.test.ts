import { EMULATOR_APPID, EMULATOR_SECRET } from '../../server/emulator/state';
import { encryptWechatData } from '../../server/wechat/decrypt';
import { addFault, authed, errorCode, field, http, jsonRequest, login, loginWithCode, mintLoginCode, seenBodies, type StartedServer, suiteServer } from './support/harness';
import { enginesUnderTest } from './support/postgres';

jest.setTimeout(30_000);

const JSCODE = '/sns/jscode2session';
const PHONE = '/wxa/business/getuserphonenumber';
const STABLE_TOKEN = '/cgi-bin/stable_token';

async function calls(server: StartedServer): Promise<Record<string, number>> {
  return (await http(`${server.emulatorUrl}/control/calls`)).body as Record<string, number>;
}

async function phoneCode(server: StartedServer, openid: string, phoneNumber: string, countryCode?: string): Promise<string> {
  const result = await http(`${server.emulatorUrl}/control/phone-code`, jsonRequest('POST', { openid, phoneNumber, countryCode }));
  return field<string>(result.body, 'code');
}

async function bindPhone(server: StartedServer, token: string, body: unknown) {
  return http(`${server.url}/api/user/phone`, jsonRequest('POST', body, token));
}

describe.each(enginesUnderTest())('WeChat through the emulator on %s', (engine) => {
  const logLines: string[] = [];
  const suite = suiteServer(engine, { wechatTimeoutMs: 300, logger: true, logSink: { write: (line) => logLines.push(line) } });

  describe('login errors', () => {
    test('a code the emulator never minted is INVALID_CODE (40029)', async () => {
      const result = await loginWithCode(suite.server, 'never-minted');
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_CODE');
    });

    test('a code used twice is INVALID_CODE (40163) the second time', async () => {
      const { code } = await mintLoginCode(suite.server);
      expect((await loginWithCode(suite.server, code)).status).toBe(200);
      const reuse = await loginWithCode(suite.server, code);
      expect(reuse.status).toBe(400);
      expect(errorCode(reuse)).toBe('INVALID_CODE');
    });

    test('a code lives 5 minutes: INVALID_CODE from then on', async () => {
      let nowMs = Date.now();
      const clocked = await suite.factory.start({ now: () => new Date(nowMs) });
      const early = await mintLoginCode(clocked);
      const late = await mintLoginCode(clocked);
      nowMs += 5 * 60 * 1000 - 1;
      expect((await loginWithCode(clocked, early.code)).status).toBe(200);
      nowMs += 1;
      const result = await loginWithCode(clocked, late.code);
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_CODE');
    });

    test.each([
      [40226, 403, 'RISKY_USER'],
      [45011, 429, 'RATE_LIMITED'],
      [40013, 502, 'WECHAT_ERROR'],
      [99999, 502, 'WECHAT_ERROR'],
    ])('errcode %d is %d %s', async (errcode, status, code) => {
      const minted = await mintLoginCode(suite.server);
      await addFault(suite.server, { path: JSCODE, errcode, times: 1 });
      const result = await loginWithCode(suite.server, minted.code);
      expect(result.status).toBe(status);
      expect(errorCode(result)).toBe(code);
    });

    test('busy (-1) once is retried and succeeds', async () => {
      const before = (await calls(suite.server))[JSCODE] ?? 0;
      const minted = await mintLoginCode(suite.server);
      await addFault(suite.server, { path: JSCODE, errcode: -1, times: 1 });
      const result = await loginWithCode(suite.server, minted.code);
      expect(result.status).toBe(200);
      expect((await calls(suite.server))[JSCODE]).toBe(before + 2);
    });

    test('busy (-1) twice is WECHAT_UNAVAILABLE', async () => {
      const minted = await mintLoginCode(suite.server);
      await addFault(suite.server, { path: JSCODE, errcode: -1, times: 2 });
      const result = await loginWithCode(suite.server, minted.code);
      expect(result.status).toBe(503);
      expect(errorCode(result)).toBe('WECHAT_UNAVAILABLE');
      // The fault did not consume the code: it still logs in.
      expect((await loginWithCode(suite.server, minted.code)).status).toBe(200);
    });

    test('a WeChat call beyond the timeout is WECHAT_UNAVAILABLE', async () => {
      const minted = await mintLoginCode(suite.server);
      await addFault(suite.server, { path: JSCODE, delayMs: 10_000, times: 1 });
      const result = await loginWithCode(suite.server, minted.code);
      expect(result.status).toBe(503);
      expect(errorCode(result)).toBe('WECHAT_UNAVAILABLE');
    });

    test('an unreachable WeChat is WECHAT_UNAVAILABLE', async () => {
      const offline = await suite.factory.start({
        env: { WECHAT_APPID: 'wx0000000000000000', WECHAT_SECRET: 'secret', WECHAT_API_BASE: 'http://127.0.0.1:9' },
      });
      expect(offline.emulatorUrl).toBeNull();
      expect((await http(`${offline.url}/__wechat/control/calls`)).status).toBe(404);
      const result = await loginWithCode(offline, 'any');
      expect(result.status).toBe(503);
      expect(errorCode(result)).toBe('WECHAT_UNAVAILABLE');
    });
  });

  describe('phone number, new flow', () => {
    test('binds the number from a phone code; a reused code is INVALID_CODE', async () => {
      const { token, openid } = await login(suite.server);
      const code = await phoneCode(suite.server, openid, '13800138000');
      const result = await bindPhone(suite.server, token, { code });
      expect(result.status).toBe(200);
      expect(field<string>(result.body, 'phoneNumber')).toBe('13800138000');
      expect(field<string>(result.body, 'countryCode')).toBe('86');
      const reuse = await bindPhone(suite.server, token, { code });
      expect(reuse.status).toBe(400);
      expect(errorCode(reuse)).toBe('INVALID_CODE');
    });

    test('a foreign number keeps its country code apart', async () => {
      const { token, openid } = await login(suite.server);
      const result = await bindPhone(suite.server, token, { code: await phoneCode(suite.server, openid, '6502530000', '1') });
      expect(field<string>(result.body, 'phoneNumber')).toBe('6502530000');
      expect(field<string>(result.body, 'countryCode')).toBe('1');
    });

    test('faults of the phone API map like login ones', async () => {
      const { token, openid } = await login(suite.server);
      await addFault(suite.server, { path: PHONE, errcode: 40226, times: 1 });
      const risky = await bindPhone(suite.server, token, { code: await phoneCode(suite.server, openid, '13800138001') });
      expect(errorCode(risky)).toBe('RISKY_USER');
      const fresh = await suite.factory.start({ wechatTimeoutMs: 300 });
      const other = await login(fresh);
      await addFault(fresh, { path: STABLE_TOKEN, errcode: -1, times: 2 });
      const busy = await bindPhone(fresh, other.token, { code: await phoneCode(fresh, other.openid, '13800138002') });
      expect(busy.status).toBe(503);
      expect(errorCode(busy)).toBe('WECHAT_UNAVAILABLE');
    });

    test('one access_token refresh serves many concurrent phone calls', async () => {
      const fresh = await suite.factory.start();
      const users = await Promise.all(Array.from({ length: 6 }, () => login(fresh)));
      const codes = await Promise.all(users.map((u, i) => phoneCode(fresh, u.openid, `1380013810${i}`)));
      const results = await Promise.all(users.map((u, i) => bindPhone(fresh, u.token, { code: codes[i] })));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      const counted = await calls(fresh);
      expect(counted[STABLE_TOKEN]).toBe(1);
      expect(counted[PHONE]).toBe(6);
    });

    test.each([
      ['neither code nor encryptedData', {}],
      ['both flows at once', { code: 'x', encryptedData: 'y', iv: 'z' }],
      ['encryptedData without iv', { encryptedData: 'y' }],
      ['a code of a wrong type', { code: 5 }],
      ['a code with a line break', { code: 'abc\ndef' }],
      ['an iv that is not 16 bytes', { encryptedData: 'bm90IGNpcGhlcnRleHQ=', iv: 'AAAAAAAAAAAAAAAAAAAA' }],
      ['encryptedData that is not base64', { encryptedData: 'not base64!', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }],
    ])('rejects %s with INVALID_INPUT', async (_name, body) => {
      const { token } = await login(suite.server);
      const result = await bindPhone(suite.server, token, body);
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_INPUT');
    });
  });

  describe('phone number, legacy encryptedData', () => {
    async function sessionKeyOf(userId: number): Promise<string> {
      const row = await suite.server.db.selectFrom('identities').select('session_key').where('user_id', '=', userId).executeTakeFirstOrThrow();
      if (row.session_key === null) throw new Error('no session_key');
      return row.session_key;
    }

    async function encryptedPhone(openid: string, phoneNumber: string) {
      const result = await http(`${suite.server.emulatorUrl}/control/encrypted-phone`, jsonRequest('POST', { openid, phoneNumber }));
      expect(result.status).toBe(200);
      return { encryptedData: field<string>(result.body, 'encryptedData'), iv: field<string>(result.body, 'iv') };
    }

    test('decrypts with the current session_key (real AES-128-CBC)', async () => {
      const { token, openid } = await login(suite.server);
      const result = await bindPhone(suite.server, token, await encryptedPhone(openid, '13900139000'));
      expect(result.status).toBe(200);
      expect(field<string>(result.body, 'phoneNumber')).toBe('13900139000');
    });

    test("data sealed under an older session_key is DECRYPT_FAILED after a new login", async () => {
      const { openid } = await login(suite.server);
      const sealed = await encryptedPhone(openid, '13900139001');
      const again = await login(suite.server, { openid });
      const result = await bindPhone(suite.server, again.token, sealed);
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('DECRYPT_FAILED');
    });

    test("a watermark naming another app is DECRYPT_FAILED", async () => {
      const { token, userId } = await login(suite.server);
      const iv = Buffer.alloc(16, 7).toString('base64');
      const plaintext = {
        phoneNumber: '13900139002',
        purePhoneNumber: '13900139002',
        countryCode: '86',
        watermark: { appid: 'wx-some-other-app', timestamp: 1 },
      };
      const encryptedData = encryptWechatData(plaintext, await sessionKeyOf(userId), iv);
      const result = await bindPhone(suite.server, token, { encryptedData, iv });
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('DECRYPT_FAILED');
      const me = await http(`${suite.server.url}/api/user/me`, authed(token));
      expect(field<unknown>(me.body, 'phoneNumber')).toBeNull();
    });

    test('garbage is DECRYPT_FAILED', async () => {
      const { token } = await login(suite.server);
      const result = await bindPhone(suite.server, token, { encryptedData: 'bm90IGNpcGhlcnRleHQ=', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' });
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('DECRYPT_FAILED');
    });
  });

  test('no session_key or AppSecret ever appears in a response body or a log line', async () => {
    const rows = await suite.server.db.selectFrom('identities').select('session_key').execute();
    const keys = rows.map((r) => r.session_key).filter((k): k is string => k !== null);
    expect(keys.length).toBeGreaterThan(5);
    expect(logLines.some((line) => line.includes('/api/auth/login'))).toBe(true);
    expect(logLines.some((line) => line.includes('/__wechat/sns/jscode2session'))).toBe(true);
    for (const key of keys) {
      expect(seenBodies.filter((body) => body.includes(key))).toEqual([]);
      expect(logLines.filter((line) => line.includes(key))).toEqual([]);
    }
    expect(logLines.filter((line) => line.includes('emulator-appsecret'))).toEqual([]);

    const codeLines = logLines.filter((line) => line.includes('/__wechat/sns/jscode2session'));
    expect(codeLines.filter((line) => !line.includes('js_code=[redacted]') || !line.includes('secret=[redacted]'))).toEqual([]);
    const tokenBody = { grant_type: 'client_credential', appid: EMULATOR_APPID, secret: EMULATOR_SECRET, force_refresh: false };
    const accessToken = field<string>((await http(`${suite.server.emulatorUrl}${STABLE_TOKEN}`, jsonRequest('POST', tokenBody))).body, 'access_token');
    expect(logLines.some((line) => line.includes(`${PHONE}?access_token=[redacted]`))).toBe(true);
    expect(logLines.filter((line) => line.includes(accessToken))).toEqual([]);
    expect(logLines.filter((line) => /authorization/i.test(line) && !line.includes('[redacted]'))).toEqual([]);
  });
});
