import { sql } from 'kysely';
import { createUserStore } from '../../server/db/users';
import { EMULATOR_APPID, EMULATOR_SECOND_APPID, TOURIST_APPID } from '../../server/emulator/state';
import { bindPhoneNumber, fillProfile, patchMe } from './support/account';
import { authed, errorCode, field, http, jsonRequest, login, loginWithCode, mintLoginCode, suiteServer, waitFor } from './support/harness';
import { enginesUnderTest } from './support/postgres';

jest.setTimeout(30_000);

describe.each(enginesUnderTest())('several mini-programs on %s', (engine) => {
  const suite = suiteServer(engine);

  const me = async (token: string) => http(`${suite.server.url}/api/user/me`, authed(token));
  const identities = (userId: number) => suite.server.db.selectFrom('identities').select(['appid', 'openid']).where('user_id', '=', userId).orderBy('appid').execute();

  test('a login names its app; absent, the default app', async () => {
    const named = await login(suite.server, { appid: EMULATOR_SECOND_APPID });
    expect(await identities(named.userId)).toEqual([{ appid: EMULATOR_SECOND_APPID, openid: named.openid }]);
    const unnamed = await login(suite.server);
    expect(await identities(unnamed.userId)).toEqual([{ appid: EMULATOR_APPID, openid: unnamed.openid }]);
    const tourist = await login(suite.server, { appid: TOURIST_APPID });
    expect(await identities(tourist.userId)).toEqual([{ appid: TOURIST_APPID, openid: tourist.openid }]);
  });

  test('an unknown AppID is INVALID_INPUT naming it', async () => {
    const { code } = await mintLoginCode(suite.server);
    const result = await http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code, appid: 'wxnotconfigured00' }));
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('INVALID_INPUT');
    expect(field<string>(result.body, 'error', 'message')).toContain('wxnotconfigured00');
  });

  test('a code minted for one app is INVALID_CODE at another', async () => {
    const { code } = await mintLoginCode(suite.server, { appid: EMULATOR_SECOND_APPID });
    const result = await http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code, appid: EMULATOR_APPID }));
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('INVALID_CODE');
  });

  test('users are (appid, openid): the same openid in two apps without a unionid is two users', async () => {
    const openid = `o-shared-${engine}`;
    const first = await login(suite.server, { openid, appid: EMULATOR_APPID });
    const second = await login(suite.server, { openid, appid: EMULATOR_SECOND_APPID });
    expect(second.isNew).toBe(true);
    expect(second.userId).not.toBe(first.userId);
  });

  test('with a unionid, one person through two apps is one account with a token per login; deletion deletes them everywhere', async () => {
    const unionid = `u-person-${engine}`;
    const viaFirst = await login(suite.server, { appid: EMULATOR_APPID, unionid });
    expect(viaFirst.isNew).toBe(true);
    await fillProfile(suite.server, viaFirst.token, viaFirst.openid);
    const viaSecond = await login(suite.server, { appid: EMULATOR_SECOND_APPID, unionid });
    expect(viaSecond.isNew).toBe(false);
    expect(viaSecond.userId).toBe(viaFirst.userId);
    expect(viaSecond.token).not.toBe(viaFirst.token);
    expect(field<string>((await me(viaSecond.token)).body, 'nickName')).toBe('注销测试🌙');
    expect((await identities(viaFirst.userId)).map((row) => row.appid)).toEqual([EMULATOR_APPID, EMULATOR_SECOND_APPID].sort());

    expect((await http(`${suite.server.url}/api/auth/logout`, authed(viaSecond.token, { method: 'POST' }))).status).toBe(204);
    expect((await me(viaFirst.token)).status).toBe(200);
    const again = await login(suite.server, { appid: EMULATOR_SECOND_APPID, openid: viaSecond.openid });
    expect((await http(`${suite.server.url}/api/user/me`, authed(again.token, { method: 'DELETE' }))).status).toBe(204);
    expect((await me(viaFirst.token)).status).toBe(401);
    expect(await identities(viaFirst.userId)).toEqual([]);
    expect((await login(suite.server, { appid: EMULATOR_APPID, openid: viaFirst.openid })).isNew).toBe(true);
  });

  test('concurrent first logins of one person through two apps make one user, whoever commits first', async () => {
    // Several people, each logging in several times through each app at once: one login alone rarely lands
    // between another's look-up of the unionid and its insert, dozens in flight do.
    const people = Array.from({ length: 8 }, (_, person) => ({
      unionid: `u-race-${engine}-${person}`,
      openids: { [EMULATOR_APPID]: `o-race-a-${engine}-${person}`, [EMULATOR_SECOND_APPID]: `o-race-b-${engine}-${person}` },
    }));
    const attempts = await Promise.all(
      people.flatMap(({ unionid, openids }) =>
        Object.entries(openids).flatMap(([appid, openid]) =>
          Array.from({ length: 3 }, async () => ({ unionid, appid, code: (await mintLoginCode(suite.server, { appid, openid, unionid })).code })),
        ),
      ),
    );
    const answers = await Promise.all(
      attempts.map(async ({ unionid, appid, code }) => ({ unionid, result: await http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code, appid })) })),
    );
    expect(answers.filter(({ result }) => result.status !== 200).map(({ result }) => result.text)).toEqual([]);

    for (const { unionid, openids } of people) {
      const mine = answers.filter((answer) => answer.unionid === unionid).map(({ result }) => result.body);
      const userIds = new Set(mine.map((body) => field<number>(body, 'user', 'id')));
      expect(userIds.size).toBe(1);
      expect(mine.filter((body) => field<boolean>(body, 'isNew'))).toHaveLength(1);
      const users = await suite.server.db.selectFrom('users').select('id').where('unionid', '=', unionid).execute();
      expect(users).toEqual([{ id: [...userIds][0] }]);
      const expected = Object.entries(openids).map(([appid, openid]) => ({ appid, openid, user_id: users[0]?.id }));
      const rows = await suite.server.db
        .selectFrom('identities')
        .select(['appid', 'openid', 'user_id'])
        .where('openid', 'in', Object.values(openids))
        .orderBy('appid')
        .execute();
      expect(rows).toEqual(expected.sort((a, b) => a.appid.localeCompare(b.appid)));
    }
  });

  test('a first login with a unionid outside the login transaction is refused, and writes nothing', async () => {
    const users = createUserStore(suite.server.db, () => new Date(), { linkByUnionid: true });
    const identity = { appid: EMULATOR_APPID, openid: `o-untransacted-${engine}`, unionid: `u-untransacted-${engine}`, sessionKey: 'k' };
    await expect(users.recordLogin(identity)).rejects.toThrow('recordLogin must run inside the login transaction');
    expect(await suite.server.db.selectFrom('users').select('id').where('unionid', '=', identity.unionid).execute()).toEqual([]);
    expect(await suite.server.db.selectFrom('identities').select('id').where('openid', '=', identity.openid).execute()).toEqual([]);
  });

  test('LINK_BY_UNIONID=false keeps one account per app', async () => {
    const separate = await suite.factory.start({ env: { LINK_BY_UNIONID: 'false' } });
    const unionid = `u-separate-${engine}`;
    const a = await login(separate, { appid: EMULATOR_APPID, unionid });
    const b = await login(separate, { appid: EMULATOR_SECOND_APPID, unionid });
    expect(b.isNew).toBe(true);
    expect(b.userId).not.toBe(a.userId);
  });

  test("the phone is bound through the token's own app, with one access_token per app", async () => {
    const fresh = await suite.factory.start();
    const stableTokenCalls = async () => field<number>((await http(`${fresh.emulatorUrl}/control/calls`)).body, '/cgi-bin/stable_token');
    for (const appid of [EMULATOR_APPID, EMULATOR_SECOND_APPID]) {
      for (let i = 0; i < 2; i += 1) {
        const user = await login(fresh, { appid });
        await bindPhoneNumber(fresh, user.token, user.openid, '13700137000');
        expect(field<string>((await http(`${fresh.url}/api/user/me`, authed(user.token))).body, 'phoneNumber')).toBe('13700137000');
      }
    }
    // Each app fetched its own token once; the emulator takes a phone code only with the token of the user's app.
    expect(await stableTokenCalls()).toBe(2);
  });

  test("legacy encryptedData is checked against the token's app and that login's session_key", async () => {
    const user = await login(suite.server, { appid: EMULATOR_SECOND_APPID });
    const sealed = await http(`${suite.server.emulatorUrl}/control/encrypted-phone`, jsonRequest('POST', { openid: user.openid, phoneNumber: '13600136000' }));
    const bound = await http(`${suite.server.url}/api/user/phone`, jsonRequest('POST', sealed.body, user.token));
    expect(bound.status).toBe(200);
    expect(field<string>(bound.body, 'phoneNumber')).toBe('13600136000');
  });

  test('a push is routed by its AppID: it reaches the user of that app only', async () => {
    const openid = `o-pushed-${engine}`;
    const first = await login(suite.server, { openid, appid: EMULATOR_APPID });
    const second = await login(suite.server, { openid, appid: EMULATOR_SECOND_APPID });
    // The emulator keeps one session per openid (real openids differ per app), so no phone here: nicknames only.
    await patchMe(suite.server, first.token, { nickName: '注销测试🌙' });
    await patchMe(suite.server, second.token, { nickName: '注销测试🌙' });
    const pushed = await http(`${suite.server.emulatorUrl}/control/push`, jsonRequest('POST', { openid, event: 'user_info_modified', appid: EMULATOR_SECOND_APPID }));
    expect(field<number>(pushed.body, 'status')).toBe(200);
    expect(field<unknown>((await me(second.token)).body, 'nickName')).toBeNull();
    expect(field<string>((await me(first.token)).body, 'nickName')).toBe('注销测试🌙');
  });

  test("the emulator's push without an appid is for the app the openid logged in through (the headless runtime's touristappid)", async () => {
    const user = await login(suite.server, { appid: TOURIST_APPID });
    await fillProfile(suite.server, user.token, user.openid);
    const pushed = await http(`${suite.server.emulatorUrl}/control/push`, jsonRequest('POST', { openid: user.openid, event: 'user_authorization_revoke', revokeInfo: 8 }));
    expect(field<number>(pushed.body, 'status')).toBe(200);
    expect(field<unknown>((await me(user.token)).body, 'phoneNumber')).toBeNull();
  });

  test('in development mode an unknown AppID (DevTools) logs in through the default emulator app', async () => {
    const dev = await suite.factory.start({ mode: 'development', logger: false });
    const result = await http(`${dev.url}/api/auth/login`, jsonRequest('POST', { code: 'devtools-code', appid: 'wx0123456789abcdef' }));
    expect(result.status).toBe(200);
    const rows = await dev.db.selectFrom('identities').select('appid').where('user_id', '=', field<number>(result.body, 'user', 'id')).execute();
    expect(rows).toEqual([{ appid: EMULATOR_APPID }]);
    expect((await loginWithCode(dev, 'devtools-code-2')).status).toBe(200);
  });

  test('WECHAT_APPS serves each app with its own credentials against WeChat (here: an emulator on another port)', async () => {
    const wechat = await suite.factory.start();
    const appsJson = JSON.stringify([
      { appid: EMULATOR_SECOND_APPID, secret: 'emulator-appsecret' },
      { appid: EMULATOR_APPID, secret: 'emulator-appsecret' },
    ]);
    const configured = await suite.factory.start({ env: { WECHAT_APPS: appsJson, WECHAT_API_BASE: wechat.emulatorUrl ?? '' } });
    expect(configured.emulatorUrl).toBeNull();
    const { code } = await mintLoginCode(wechat, { appid: EMULATOR_SECOND_APPID });
    const byDefault = await loginWithCode(configured, code);
    expect(byDefault.status).toBe(200);
    const { code: second } = await mintLoginCode(wechat, { appid: EMULATOR_APPID });
    expect((await http(`${configured.url}/api/auth/login`, jsonRequest('POST', { code: second, appid: EMULATOR_APPID }))).status).toBe(200);
    const unknown = await http(`${configured.url}/api/auth/login`, jsonRequest('POST', { code: 'x', appid: TOURIST_APPID }));
    expect(unknown.status).toBe(400);
    expect(errorCode(unknown)).toBe('INVALID_INPUT');
  });
});

describe.each(enginesUnderTest().filter((engine) => engine === 'postgres'))('deletion racing a linking first login on %s', (engine) => {
  // SQLite runs one transaction at a time, so only PostgreSQL can interleave these two.
  const suite = suiteServer(engine);
  const HOLD_KEY = 4242;

  const waitingAdvisoryLocks = async (): Promise<number> => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(suite.server.db);
    return rows[0]?.n ?? 0;
  };

  test('an account deleted while another app links its first login to it: neither answer is a 5xx', async () => {
    const unionid = `u-deleted-while-linking-${engine}`;
    const first = await login(suite.server, { appid: EMULATOR_APPID, unionid });
    const { code } = await mintLoginCode(suite.server, { appid: EMULATOR_SECOND_APPID, openid: `o-linking-${engine}`, unionid });
    // The linking login stops at its identity insert, after it found the user, for as long as this test holds HOLD_KEY.
    await sql`create function hold_identity_insert() returns trigger language plpgsql as $$
      begin perform pg_advisory_lock(${sql.lit(HOLD_KEY)}); perform pg_advisory_unlock(${sql.lit(HOLD_KEY)}); return new; end $$`.execute(suite.server.db);
    await sql`create trigger hold_identity_insert before insert on identities for each row execute function hold_identity_insert()`.execute(suite.server.db);
    try {
      await suite.server.db.connection().execute(async (holder) => {
        await sql`select pg_advisory_lock(${sql.lit(HOLD_KEY)})`.execute(holder);
        const linking = http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code, appid: EMULATOR_SECOND_APPID }));
        await waitFor(async () => (await waitingAdvisoryLocks()) === 1);
        let deletionAnswered = false;
        const deletion = http(`${suite.server.url}/api/user/me`, authed(first.token, { method: 'DELETE' })).finally(() => {
          deletionAnswered = true;
        });
        // The deletion either waits for the linking login or, unguarded, deletes the user under it.
        await waitFor(async () => deletionAnswered || (await waitingAdvisoryLocks()) === 2);
        await sql`select pg_advisory_unlock(${sql.lit(HOLD_KEY)})`.execute(holder);
        const [linked, deleted] = await Promise.all([linking, deletion]);
        expect([linked.status, deleted.status]).toEqual([200, 204]);
        expect(await suite.server.db.selectFrom('users').select('id').where('unionid', '=', unionid).execute()).toEqual([]);
        expect((await http(`${suite.server.url}/api/user/me`, authed(field<string>(linked.body, 'token')))).status).toBe(401);
      });
    } finally {
      await sql`drop trigger hold_identity_insert on identities`.execute(suite.server.db);
      await sql`drop function hold_identity_insert()`.execute(suite.server.db);
    }
  });
});
