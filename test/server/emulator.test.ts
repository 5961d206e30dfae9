import { DEV_OPENID, EMULATOR_APPID, EMULATOR_SECRET } from '../../server/emulator/state';
import { errorCode, field, http, jsonRequest, login, loginWithCode, suiteServer } from './support/harness';

describe('WeChat emulator', () => {
  const suite = suiteServer('sqlite');

  const sessionValid = async (openid: string): Promise<boolean> =>
    field<boolean>((await http(`${suite.server.emulatorUrl}/control/session/${openid}`)).body, 'valid');

  test('is mounted under /__wechat when no credentials are configured', () => {
    expect(suite.server.emulatorUrl).toBe(`${suite.server.url}/__wechat`);
  });

  test('answers jscode2session like WeChat: HTTP 200 with errcode', async () => {
    const base = `${suite.server.emulatorUrl}/sns/jscode2session?grant_type=authorization_code&js_code=x`;
    const wrongSecret = await http(`${base}&appid=${EMULATOR_APPID}&secret=nope`);
    expect(wrongSecret.status).toBe(200);
    expect(field<number>(wrongSecret.body, 'errcode')).toBe(40125);
    const errcodeFor = async (query: string): Promise<number> => field<number>((await http(`${base}${query}`)).body, 'errcode');
    expect(await errcodeFor(`&secret=${EMULATOR_SECRET}`)).toBe(41002);
    expect(await errcodeFor(`&appid=${EMULATOR_APPID}`)).toBe(41004);
    expect(await errcodeFor(`&appid=wx-other&secret=${EMULATOR_SECRET}`)).toBe(40013);
    const unknown = await http(`${base}&appid=${EMULATOR_APPID}&secret=${EMULATOR_SECRET}`);
    expect(unknown.status).toBe(200);
    expect(field<number>(unknown.body, 'errcode')).toBe(40029);
  });

  test('stable_token: one token for every caller; a forced refresh ends the previous one at once', async () => {
    const stableToken = async (forceRefresh: boolean): Promise<string> => {
      const body = { grant_type: 'client_credential', appid: EMULATOR_APPID, secret: EMULATOR_SECRET, force_refresh: forceRefresh };
      return field<string>((await http(`${suite.server.emulatorUrl}/cgi-bin/stable_token`, jsonRequest('POST', body))).body, 'access_token');
    };
    const phoneWith = async (accessToken: string): Promise<number> => {
      const code = field<string>(
        (await http(`${suite.server.emulatorUrl}/control/phone-code`, jsonRequest('POST', { openid: 'o-token', phoneNumber: '13800138000' }))).body,
        'code',
      );
      const query = accessToken === '' ? '' : `?access_token=${accessToken}`;
      const result = await http(`${suite.server.emulatorUrl}/wxa/business/getuserphonenumber${query}`, jsonRequest('POST', { code }));
      return field<number>(result.body, 'errcode');
    };

    const first = await stableToken(false);
    expect(await stableToken(false)).toBe(first);
    const forced = await stableToken(true);
    expect(forced).not.toBe(first);
    expect(await phoneWith(first)).toBe(40001);
    expect(await phoneWith(forced)).toBe(0);
    expect(await phoneWith('')).toBe(41001);
  });

  test('login-code returns the openid it was given, or a new one', async () => {
    const given = await http(`${suite.server.emulatorUrl}/control/login-code`, jsonRequest('POST', { openid: 'o-given' }));
    expect(field<string>(given.body, 'openid')).toBe('o-given');
    const fresh = await http(`${suite.server.emulatorUrl}/control/login-code`, { method: 'POST' });
    expect(field<string>(fresh.body, 'openid')).toMatch(/^o[A-Za-z0-9_-]{20,}$/);
    expect(field<string>(fresh.body, 'code')).not.toBe(field<string>(given.body, 'code'));
  });

  test('sessions: valid after login, invalid once expired, and a new login brings a new session_key', async () => {
    const { openid, userId } = await login(suite.server);
    expect(await sessionValid(openid)).toBe(true);
    const keyBefore = (await suite.server.db.selectFrom('identities').select('session_key').where('user_id', '=', userId).executeTakeFirstOrThrow()).session_key;

    const expired = await http(`${suite.server.emulatorUrl}/control/expire-session`, jsonRequest('POST', { openid }));
    expect(expired.status).toBe(204);
    expect(await sessionValid(openid)).toBe(false);
    const sealed = await http(`${suite.server.emulatorUrl}/control/encrypted-phone`, jsonRequest('POST', { openid, phoneNumber: '13800138000' }));
    expect(sealed.status).toBe(400);

    await login(suite.server, { openid });
    expect(await sessionValid(openid)).toBe(true);
    const keyAfter = (await suite.server.db.selectFrom('identities').select('session_key').where('user_id', '=', userId).executeTakeFirstOrThrow()).session_key;
    expect(keyAfter).not.toBeNull();
    expect(keyAfter).not.toBe(keyBefore);
  });

  test("WeChat's sessions outlive a restart of the server on the same data", async () => {
    const first = await suite.factory.start();
    const { openid, token } = await login(first);
    await first.close();
    const second = await suite.factory.start({ dataDir: first.dataDir });
    expect(field<boolean>((await http(`${second.emulatorUrl}/control/session/${openid}`)).body, 'valid')).toBe(true);
    const sealed = await http(`${second.emulatorUrl}/control/encrypted-phone`, jsonRequest('POST', { openid, phoneNumber: '13700137000' }));
    expect(sealed.status).toBe(200);
    const bound = await http(`${second.url}/api/user/phone`, jsonRequest('POST', sealed.body, token));
    expect(bound.status).toBe(200);
    expect(field<string>(bound.body, 'phoneNumber')).toBe('13700137000');
  });

  test('an openid that never logged in has no valid session', async () => {
    expect(await sessionValid('o-never-seen')).toBe(false);
  });

  test('control bodies are validated', async () => {
    const badFault = await http(`${suite.server.emulatorUrl}/control/faults`, jsonRequest('POST', { path: '/nope', errcode: 1, times: 1 }));
    expect(badFault.status).toBe(400);
    expect(errorCode(badFault)).toBe('INVALID_INPUT');
    const emptyFault = await http(`${suite.server.emulatorUrl}/control/faults`, jsonRequest('POST', { path: '/sns/jscode2session', times: 1 }));
    expect(emptyFault.status).toBe(400);
    const badPhone = await http(`${suite.server.emulatorUrl}/control/phone-code`, jsonRequest('POST', { openid: 'o', phoneNumber: 'abc' }));
    expect(badPhone.status).toBe(400);
  });

  test('in development mode an unknown code logs in the one development user', async () => {
    const dev = await suite.factory.start({ mode: 'development', logger: false });
    const first = await loginWithCode(dev, 'devtools-tourist-code-1');
    const second = await loginWithCode(dev, 'devtools-tourist-code-2');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(field<number>(second.body, 'user', 'id')).toBe(field<number>(first.body, 'user', 'id'));
    const row = await dev.db.selectFrom('identities').select('openid').where('user_id', '=', field<number>(first.body, 'user', 'id')).executeTakeFirstOrThrow();
    expect(row.openid).toBe(DEV_OPENID);

    const minted = await login(dev, { openid: 'o-minted-in-dev' });
    expect(minted.userId).not.toBe(field<number>(first.body, 'user', 'id'));
  });

  test('in development mode a minted code is still single use', async () => {
    const dev = await suite.factory.start({ mode: 'development', logger: false });
    const minted = await http(`${dev.emulatorUrl}/control/login-code`, jsonRequest('POST', {}));
    const code = field<string>(minted.body, 'code');
    expect((await loginWithCode(dev, code)).status).toBe(200);
    const reuse = await loginWithCode(dev, code);
    expect(reuse.status).toBe(400);
    expect(errorCode(reuse)).toBe('INVALID_CODE');
  });
});
