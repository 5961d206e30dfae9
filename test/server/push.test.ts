import { EMULATOR_APPID } from '../../server/emulator/state';
import { EMULATOR_PUSH_AES_KEY, EMULATOR_PUSH_TOKEN } from '../../server/push-config';
import { parseEncodingAesKey, sha1Signature } from '../../server/wechat/push-crypto';
import { sealPush, type PushConfig, type PushMessage } from '../../server/wechat/push';
import { bindPhoneNumber, fillProfile, patchMe, storedName, uploadAvatar, uploadedFiles } from './support/account';
import { authed, errorCode, field, http, type HttpResult, jsonRequest, login, type StartedServer, suiteServer } from './support/harness';
import { enginesUnderTest } from './support/postgres';

jest.setTimeout(30_000);

const SAFE: PushConfig = { token: EMULATOR_PUSH_TOKEN, aesKey: parseEncodingAesKey(EMULATOR_PUSH_AES_KEY) };

/** Asks the emulator to send WeChat's push; answers the status the server gave it. */
async function emulatorPush(server: StartedServer, body: Record<string, unknown>): Promise<number> {
  const result = await http(`${server.emulatorUrl}/control/push`, jsonRequest('POST', body));
  if (result.status !== 200) throw new Error(`control/push: ${result.status} ${result.text}`);
  return field<number>(result.body, 'status');
}

function post(server: StartedServer, query: Record<string, string>, body: unknown): Promise<HttpResult> {
  return http(`${server.url}/api/wechat/push?${new URLSearchParams(query).toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function event(openid: string, Event: string, extra: PushMessage = {}): PushMessage {
  return { ToUserName: 'gh_test', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event, OpenID: openid, AppID: EMULATOR_APPID, ...extra };
}

const sealed = (message: PushMessage, options: { config?: PushConfig; appid?: string; now?: () => number } = {}) =>
  sealPush(message, { config: options.config ?? SAFE, appid: options.appid ?? EMULATOR_APPID, toUserName: 'gh_test', now: options.now ?? Date.now });

describe.each(enginesUnderTest())('WeChat message push on %s', (engine) => {
  const suite = suiteServer(engine);

  const me = async (token: string) => (await http(`${suite.server.url}/api/user/me`, authed(token))).body;

  /** A user with a nickname, an uploaded avatar and a phone. */
  async function fullUser() {
    const user = await login(suite.server);
    const { avatarUrl } = await fillProfile(suite.server, user.token, user.openid);
    return { ...user, avatarUrl };
  }

  describe('GET: URL verification', () => {
    const verify = (query: Record<string, string>) => http(`${suite.server.url}/api/wechat/push?${new URLSearchParams(query).toString()}`);
    const now = () => String(Math.floor(Date.now() / 1000));

    test('answers echostr as text/plain when the signature matches', async () => {
      const timestamp = now();
      const result = await verify({ signature: sha1Signature(EMULATOR_PUSH_TOKEN, timestamp, 'n1'), timestamp, nonce: 'n1', echostr: 'echo-123' });
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(result.text).toBe('echo-123');
    });

    test.each([
      ['a wrong signature', (t: string) => ({ signature: sha1Signature('othertoken', t, 'n'), timestamp: t, nonce: 'n', echostr: 'e' })],
      ['a stale timestamp', () => {
        const stale = String(Math.floor(Date.now() / 1000) - 301);
        return { signature: sha1Signature(EMULATOR_PUSH_TOKEN, stale, 'n'), timestamp: stale, nonce: 'n', echostr: 'e' };
      }],
    ])('answers 401 for %s', async (_name, query) => {
      const result = await verify(query(now()));
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHORIZED');
      expect(result.text).not.toContain('"e"');
    });

    test('a request without the signature parameters is 400', async () => {
      expect((await verify({ echostr: 'e' })).status).toBe(400);
    });
  });

  describe('authorized_user_information_changes', () => {
    test.each([6, 19, 20])('user_authorization_revoke %s clears nickname and avatar and deletes the file; the phone stays', async (revokeInfo) => {
      const user = await fullUser();
      const pending = await uploadAvatar(suite.server, user.token);
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_authorization_revoke', revokeInfo })).toBe(200);
      expect(await me(user.token)).toEqual(expect.objectContaining({ nickName: null, avatarUrl: null, phoneNumber: '13800138000' }));
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(user.avatarUrl));
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(pending));
      expect(await suite.server.db.selectFrom('uploads').selectAll().where('user_id', '=', user.userId).execute()).toEqual([]);
    });

    test('user_authorization_revoke 8 clears the phone and keeps the profile', async () => {
      const user = await fullUser();
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_authorization_revoke', revokeInfo: 8 })).toBe(200);
      expect(await me(user.token)).toEqual(expect.objectContaining({ nickName: '注销测试🌙', avatarUrl: user.avatarUrl, phoneNumber: null, countryCode: null }));
    });

    test('user_authorization_revoke "6,8" clears both; an item the server holds nothing for changes nothing', async () => {
      const both = await fullUser();
      expect(await emulatorPush(suite.server, { openid: both.openid, event: 'user_authorization_revoke', revokeInfo: '6,8' })).toBe(200);
      expect(await me(both.token)).toEqual(expect.objectContaining({ nickName: null, avatarUrl: null, phoneNumber: null }));

      const other = await fullUser();
      const before = await me(other.token);
      expect(await emulatorPush(suite.server, { openid: other.openid, event: 'user_authorization_revoke', revokeInfo: 13 })).toBe(200);
      expect(await me(other.token)).toEqual(before);
    });

    test('user_info_modified clears nickname and avatar', async () => {
      const user = await fullUser();
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_info_modified' })).toBe(200);
      expect(await me(user.token)).toEqual(expect.objectContaining({ nickName: null, avatarUrl: null, phoneNumber: '13800138000' }));
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(user.avatarUrl));
    });

    test('user_authorization_cancellation deletes the account as DELETE /api/user/me does; a repeat is acknowledged', async () => {
      const user = await fullUser();
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_authorization_cancellation' })).toBe(200);
      const after = await http(`${suite.server.url}/api/user/me`, authed(user.token));
      expect(after.status).toBe(401);
      expect(await suite.server.db.selectFrom('users').selectAll().where('id', '=', user.userId).execute()).toEqual([]);
      expect(await suite.server.db.selectFrom('identities').selectAll().where('openid', '=', user.openid).execute()).toEqual([]);
      expect(await suite.server.db.selectFrom('tokens').selectAll().where('user_id', '=', user.userId).execute()).toEqual([]);
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(user.avatarUrl));
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_authorization_cancellation' })).toBe(200);
      const fresh = await login(suite.server, { openid: user.openid });
      expect(fresh.isNew).toBe(true);
      expect(fresh.userId).not.toBe(user.userId);
    });

    test('the same event twice leaves the same state (idempotent)', async () => {
      const user = await fullUser();
      for (let i = 0; i < 2; i += 1) expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_info_modified' })).toBe(200);
      expect(await me(user.token)).toEqual(expect.objectContaining({ nickName: null, avatarUrl: null }));
    });

    test('unknown events and unknown users are acknowledged with success and change nothing', async () => {
      const user = await fullUser();
      const before = await me(user.token);
      const unknownEvent = sealed(event(user.openid, 'some_future_event'));
      const answer = await post(suite.server, unknownEvent.query, unknownEvent.body);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('success');
      expect(await emulatorPush(suite.server, { openid: 'o-never-logged-in', event: 'user_authorization_cancellation' })).toBe(200);
      const text = sealed({ ...event(user.openid, 'user_info_modified'), MsgType: 'text', Content: 'hi' });
      expect((await post(suite.server, text.query, text.body)).status).toBe(200);
      expect(await me(user.token)).toEqual(before);
    });
  });

  describe('refused pushes change nothing', () => {
    async function expectRefused(user: { token: string }, query: Record<string, string>, body: unknown): Promise<void> {
      const before = await me(user.token);
      const answer = await post(suite.server, query, body);
      expect(answer.status).toBe(401);
      expect(errorCode(answer)).toBe('UNAUTHORIZED');
      expect(await me(user.token)).toEqual(before);
    }

    test('a tampered ciphertext', async () => {
      const user = await fullUser();
      const { query, body } = sealed(event(user.openid, 'user_authorization_cancellation'));
      const encrypt = String(body.Encrypt);
      const flipped = `${encrypt.slice(0, 10)}${encrypt[10] === 'A' ? 'B' : 'A'}${encrypt.slice(11)}`;
      await expectRefused(user, query, { ...body, Encrypt: flipped });
    });

    test('a ciphertext re-signed without the token, or a wrong msg_signature', async () => {
      const user = await fullUser();
      const { query, body } = sealed(event(user.openid, 'user_authorization_cancellation'));
      await expectRefused(user, { ...query, msg_signature: sha1Signature('guess', query.timestamp ?? '', query.nonce ?? '', String(body.Encrypt)) }, body);
      await expectRefused(user, { ...query, msg_signature: '0'.repeat(40) }, body);
    });

    test('a push sealed for another AppID (checked inside the ciphertext)', async () => {
      const user = await fullUser();
      const before = await me(user.token);
      expect(await emulatorPush(suite.server, { openid: user.openid, event: 'user_authorization_cancellation', appid: 'wxsomeoneelse0000' })).toBe(401);
      expect(await me(user.token)).toEqual(before);
    });

    test.each([
      ['more than 5 minutes old', -301_000],
      ['more than 5 minutes ahead', 301_000],
    ])('a timestamp %s', async (_name, offsetMs) => {
      const user = await fullUser();
      const { query, body } = sealed(event(user.openid, 'user_authorization_cancellation'), { now: () => Date.now() + offsetMs });
      await expectRefused(user, query, body);
    });

    test('a plain-mode push to a server in safe mode', async () => {
      const user = await fullUser();
      const { query, body } = sealed(event(user.openid, 'user_authorization_cancellation'), { config: { ...SAFE, aesKey: null } });
      await expectRefused(user, query, body);
    });

    test('a body that is not JSON is refused and changes nothing', async () => {
      const { query } = sealed(event('o-x', 'user_info_modified'));
      const answer = await http(`${suite.server.url}/api/wechat/push?${new URLSearchParams(query).toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('INVALID_INPUT');
    });
  });

  test('a push sent as text/plain is read as the JSON it is', async () => {
    const user = await fullUser();
    const { query, body } = sealed(event(user.openid, 'user_authorization_revoke', { RevokeInfo: '8' }));
    const url = `${suite.server.url}/api/wechat/push?${new URLSearchParams(query).toString()}`;
    const answer = await http(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(200);
    expect(field<unknown>(await me(user.token), 'phoneNumber')).toBeNull();
    const elsewhere = await http(`${suite.server.url}/api/user/me`, { method: 'PATCH', headers: { 'content-type': 'text/plain', authorization: `Bearer ${user.token}` }, body: '{"nickName":"x"}' });
    expect(elsewhere.status).toBe(415);
  });

  test('control/push validates its body', async () => {
    for (const body of [{ event: 'user_info_modified' }, { openid: 'o1' }, { openid: 'o1', event: 'x', revokeInfo: 'six' }, { openid: 'o1', event: 'x', extra: 1 }]) {
      const result = await http(`${suite.server.emulatorUrl}/control/push`, jsonRequest('POST', body));
      expect(result.status).toBe(400);
    }
  });

  test('a replayed push inside the window is acknowledged but acts only once', async () => {
    const user = await fullUser();
    const { query, body } = sealed(event(user.openid, 'user_info_modified'));
    expect((await post(suite.server, query, body)).status).toBe(200);
    await patchMe(suite.server, user.token, { nickName: '又设置了' });
    const replay = await post(suite.server, query, body);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('success');
    expect(field<string>(await me(user.token), 'nickName')).toBe('又设置了');
  });

  describe('plain mode (WECHAT_PUSH_TOKEN without WECHAT_PUSH_AES_KEY)', () => {
    let plain: StartedServer;
    beforeAll(async () => {
      plain = await suite.factory.start({ env: { WECHAT_PUSH_TOKEN: 'plainmodetoken' } });
    });

    test('the emulator sends the JSON as it is, signed with the token; the server acts on it', async () => {
      const user = await login(plain);
      await bindPhoneNumber(plain, user.token, user.openid, '13900139000');
      expect(await emulatorPush(plain, { openid: user.openid, event: 'user_authorization_revoke', revokeInfo: 8 })).toBe(200);
      expect(field<unknown>((await http(`${plain.url}/api/user/me`, authed(user.token))).body, 'phoneNumber')).toBeNull();
    });

    test('a wrong signature, or a safe-mode push, is 401', async () => {
      const user = await login(plain);
      const message = event(user.openid, 'user_authorization_cancellation');
      const signedElsewhere = sealed(message, { config: { token: 'othertoken', aesKey: null } });
      expect((await post(plain, signedElsewhere.query, signedElsewhere.body)).status).toBe(401);
      const safe = sealed(message, { config: { token: 'plainmodetoken', aesKey: SAFE.aesKey } });
      expect((await post(plain, safe.query, safe.body)).status).toBe(401);
      expect((await http(`${plain.url}/api/user/me`, authed(user.token))).status).toBe(200);
    });
  });

  test('without WECHAT_PUSH_TOKEN (and real credentials, so no emulator) the push route is 404', async () => {
    const configured = await suite.factory.start({ env: { WECHAT_APPID: 'wx0000000000000001', WECHAT_SECRET: 'secret' } });
    expect((await http(`${configured.url}/api/wechat/push?signature=a&timestamp=1&nonce=n&echostr=e`)).status).toBe(404);
    expect((await http(`${configured.url}/api/wechat/push?signature=a&timestamp=1&nonce=n`, jsonRequest('POST', {}))).status).toBe(404);
  });

  test('a configured token and key are used as given', async () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const configured = await suite.factory.start({ env: { WECHAT_PUSH_TOKEN: 'ownpushtoken', WECHAT_PUSH_AES_KEY: key } });
    const user = await login(configured);
    const config = { token: 'ownpushtoken', aesKey: parseEncodingAesKey(key) };
    const devDefault = sealed(event(user.openid, 'user_authorization_cancellation'));
    expect((await post(configured, devDefault.query, devDefault.body)).status).toBe(401);
    const own = sealed(event(user.openid, 'user_authorization_cancellation'), { config });
    expect((await post(configured, own.query, own.body)).status).toBe(200);
    expect((await http(`${configured.url}/api/user/me`, authed(user.token))).status).toBe(401);
  });
});
