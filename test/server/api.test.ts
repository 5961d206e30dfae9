import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { authed, errorCode, field, http, jsonRequest, login, loginWithCode, mintLoginCode, suiteFactory, suiteServer, waitFor } from './support/harness';
import { refuseTokenInserts } from './support/db-faults';
import { EXE_BYTES, PNG_BYTES, formWithFile } from './support/images';
import { enginesUnderTest } from './support/postgres';
import { loginRequest, rawHttp } from './support/raw-http';

jest.setTimeout(30_000);

describe.each(enginesUnderTest())('contract routes on %s', (engine) => {
  const suite = suiteServer(engine);

  test('GET /api/health answers ok', async () => {
    const result = await http(`${suite.server.url}/api/health`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: 'ok' });
  });

  test('login creates the user once, then finds it again', async () => {
    const first = await login(suite.server);
    expect(first.isNew).toBe(true);
    const again = await login(suite.server, { openid: first.openid });
    expect(again.isNew).toBe(false);
    expect(again.userId).toBe(first.userId);
    expect(again.token).not.toBe(first.token);

    const { code } = await mintLoginCode(suite.server);
    const result = await loginWithCode(suite.server, code);
    expect(result.status).toBe(200);
    const expiresAt = field<string>(result.body, 'expiresAt');
    expect(new Date(expiresAt).toISOString()).toBe(expiresAt);
    expect(field<unknown>(result.body, 'user')).toEqual({
      id: expect.any(Number),
      nickName: null,
      avatarUrl: null,
      phoneNumber: null,
      countryCode: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  test('tokens are stored only as their SHA-256 hash', async () => {
    const { token, userId } = await login(suite.server);
    const rows = await suite.server.db.selectFrom('tokens').selectAll().where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  test('unionid is kept when WeChat sends one', async () => {
    const { userId } = await login(suite.server, { unionid: 'union-abc' });
    const row = await suite.server.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.unionid).toBe('union-abc');
  });

  test('openids that differ only in case are different users (no case folding on either engine)', async () => {
    const lower = await login(suite.server, { openid: `o-case-${engine}` });
    const upper = await login(suite.server, { openid: `O-CASE-${engine.toUpperCase()}` });
    expect(upper.isNew).toBe(true);
    expect(upper.userId).not.toBe(lower.userId);
  });

  test('concurrent first logins of one openid make exactly one user', async () => {
    const openid = `o-concurrent-${engine}`;
    const codes = await Promise.all(Array.from({ length: 8 }, () => mintLoginCode(suite.server, { openid })));
    const results = await Promise.all(codes.map(({ code }) => loginWithCode(suite.server, code)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.filter((r) => field<boolean>(r.body, 'isNew'))).toHaveLength(1);
    expect(new Set(results.map((r) => field<number>(r.body, 'user', 'id'))).size).toBe(1);
    const rows = await suite.server.db.selectFrom('identities').select('user_id').where('openid', '=', openid).execute();
    expect(rows).toHaveLength(1);
  });

  test('GET and PATCH /api/user/me, emoji nicknames intact', async () => {
    const { token } = await login(suite.server);
    const nickName = '😀'.repeat(31) + '小';
    const patched = await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { nickName }, token));
    expect(patched.status).toBe(200);
    expect(field<string>(patched.body, 'nickName')).toBe(nickName);

    const avatarUrl = 'https://example.com/a.png';
    await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { avatarUrl }, token));
    const me = await http(`${suite.server.url}/api/user/me`, authed(token));
    expect(me.status).toBe(200);
    expect(field<string>(me.body, 'nickName')).toBe(nickName);
    expect(field<string>(me.body, 'avatarUrl')).toBe(avatarUrl);
  });

  test('POST with X-HTTP-Method-Override: PATCH updates the profile (wx.request has no PATCH)', async () => {
    const { token } = await login(suite.server);
    const overridden = jsonRequest('POST', { nickName: '小程序' }, token);
    overridden.headers = { ...(overridden.headers as Record<string, string>), 'x-http-method-override': 'PATCH' };
    const result = await http(`${suite.server.url}/api/user/me`, overridden);
    expect(result.status).toBe(200);
    expect(field<string>(result.body, 'nickName')).toBe('小程序');
  });

  test.each([
    // Honoured, either would reach GET /api/user/me (200) or PATCH it without a body (400).
    ['POST turned into GET', 'POST', 'GET', 404],
    ['GET turned into PATCH', 'GET', 'PATCH', 200],
  ])('an override other than POST→PATCH is ignored: %s', async (_name, method, override, status) => {
    const { token } = await login(suite.server);
    const result = await http(`${suite.server.url}/api/user/me`, authed(token, { method, headers: { 'x-http-method-override': override } }));
    expect(result.status).toBe(status);
  });

  test.each([
    ['a nickname of 33 characters', { nickName: '😀'.repeat(33) }],
    ['an empty nickname', { nickName: '' }],
    ['a nickname of a wrong type', { nickName: 42 }],
    ['an unknown field', { nickName: 'ok', isAdmin: true }],
    ['a nickname with a NUL (PostgreSQL cannot store it)', { nickName: 'a\u0000b' }],
    ['a nickname with a line break', { nickName: 'a\nb' }],
    ['a nickname with a lone surrogate', { nickName: 'a\ud800' }],
    ['a nickname of spaces only', { nickName: ' \u3000 ' }],
    ['a relative avatarUrl', { avatarUrl: '/a.png' }],
    ['an avatarUrl with a space', { avatarUrl: 'https://example.com/a b.png' }],
    ['an avatarUrl with a NUL', { avatarUrl: 'https://example.com/a\u0000.png' }],
    ['an empty body', {}],
  ])('PATCH /api/user/me rejects %s with INVALID_INPUT', async (_name, body) => {
    const { token } = await login(suite.server);
    const result = await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', body, token));
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('INVALID_INPUT');
  });

  test('login input errors are INVALID_INPUT', async () => {
    const cases: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' },
      jsonRequest('POST', { code: 123 }),
      jsonRequest('POST', { code: 'x', extra: 1 }),
      jsonRequest('POST', { code: 'x'.repeat(129) }),
      jsonRequest('POST', { code: 'abc\r\nSet-Cookie: x' }),
      jsonRequest('POST', {}),
      { method: 'POST', headers: { 'content-type': 'application/json' } },
    ];
    for (const init of cases) {
      const result = await http(`${suite.server.url}/api/auth/login`, init);
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_INPUT');
    }
  });

  test('a body that is not JSON is UNSUPPORTED_MEDIA; an oversized one PAYLOAD_TOO_LARGE', async () => {
    const plain = await http(`${suite.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'code' });
    expect(plain.status).toBe(415);
    expect(errorCode(plain)).toBe('UNSUPPORTED_MEDIA');
    const huge = await http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(errorCode(huge)).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a form upload to a JSON route is UNSUPPORTED_MEDIA, with or without a token', async () => {
    const { token } = await login(suite.server);
    const attempts: [string, RequestInit][] = [
      ['/api/auth/login', { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }],
      ['/api/user/phone', authed(token, { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') })],
    ];
    for (const [path, init] of attempts) {
      const result = await http(`${suite.server.url}${path}`, init);
      expect(result.status).toBe(415);
      expect(errorCode(result)).toBe('UNSUPPORTED_MEDIA');
    }
  });

  test('an unknown route is a JSON 404', async () => {
    const result = await http(`${suite.server.url}/api/nothing-here`);
    expect(result.status).toBe(404);
    expect(result.headers.get('content-type')).toMatch(/application\/json/);
    expect(errorCode(result)).toBe('NOT_FOUND');
  });

  test('authenticated routes answer 401 without a valid token', async () => {
    const attempts: [string, RequestInit][] = [
      ['/api/user/me', {}],
      ['/api/user/me', authed('not-a-token-at-all-xxxxxxxx')],
      ['/api/user/me', { headers: { authorization: 'Basic abc' } }],
      ['/api/auth/logout', { method: 'POST' }],
      ['/api/user/phone', jsonRequest('POST', { code: 'x' })],
      // The token is checked before the body: a stranger learns nothing from the schema.
      ['/api/user/phone', jsonRequest('POST', {})],
      ['/api/user/me', jsonRequest('PATCH', { isAdmin: true })],
      ['/api/user/avatar', { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }],
    ];
    for (const [path, init] of attempts) {
      const result = await http(`${suite.server.url}${path}`, init);
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHORIZED');
    }
  });

  test('the Bearer scheme name is case-insensitive', async () => {
    const { token } = await login(suite.server);
    const result = await http(`${suite.server.url}/api/user/me`, { headers: { authorization: `bearer ${token}` } });
    expect(result.status).toBe(200);
  });

  test('requests that never reach a route still get the contract error body', async () => {
    const badUrl = await http(`${suite.server.url}/api/%zz`);
    expect(badUrl.status).toBe(400);
    expect(errorCode(badUrl)).toBe('INVALID_INPUT');
    const hugeHeaders = await http(`${suite.server.url}/api/health`, { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expect(hugeHeaders.status).toBe(431);
    expect(errorCode(hugeHeaders)).toBe('PAYLOAD_TOO_LARGE');
    const malformed = await rawHttp(suite.server.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.slice(malformed.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'INVALID_INPUT', message: expect.any(String) },
    });
  });

  test('a login that fails half way leaves no user behind', async () => {
    const openid = `o-half-written-${engine}`;
    await refuseTokenInserts(suite.server.db, engine, true);
    try {
      const { code } = await mintLoginCode(suite.server, { openid });
      const failed = await loginWithCode(suite.server, code);
      expect(failed.status).toBe(500);
      expect(errorCode(failed)).toBe('INTERNAL_ERROR');
    } finally {
      await refuseTokenInserts(suite.server.db, engine, false);
    }
    const rows = await suite.server.db.selectFrom('identities').select('user_id').where('openid', '=', openid).execute();
    expect(rows).toEqual([]);
    expect((await login(suite.server, { openid })).isNew).toBe(true);
  });

  test('logout revokes the token at once', async () => {
    const { token } = await login(suite.server);
    expect((await http(`${suite.server.url}/api/user/me`, authed(token))).status).toBe(200);
    const logout = await http(`${suite.server.url}/api/auth/logout`, authed(token, { method: 'POST' }));
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    const reuse = await http(`${suite.server.url}/api/user/me`, authed(token));
    expect(reuse.status).toBe(401);
    expect(errorCode(reuse)).toBe('UNAUTHORIZED');
    expect((await http(`${suite.server.url}/api/auth/logout`, authed(token, { method: 'POST' }))).status).toBe(401);
  });

  test("a token's life: issued, used, expired (and swept at the next login), and a new one revoked", async () => {
    let nowMs = Date.parse('2030-01-01T00:00:00.000Z');
    const clocked = await suite.factory.start({ tokenTtlSeconds: 3600, now: () => new Date(nowMs) });
    const first = await login(clocked);
    const row = await clocked.db.selectFrom('tokens').selectAll().where('user_id', '=', first.userId).executeTakeFirstOrThrow();
    expect(row.expires_at).toBe('2030-01-01T01:00:00.000Z');
    expect((await http(`${clocked.url}/api/user/me`, authed(first.token))).status).toBe(200);

    nowMs += 3599_000;
    expect((await http(`${clocked.url}/api/user/me`, authed(first.token))).status).toBe(200);
    nowMs += 1000;
    const expired = await http(`${clocked.url}/api/user/me`, authed(first.token));
    expect(expired.status).toBe(401);
    expect(errorCode(expired)).toBe('UNAUTHORIZED');

    const second = await login(clocked, { openid: first.openid });
    expect((await http(`${clocked.url}/api/user/me`, authed(second.token))).status).toBe(200);
    const live = await clocked.db.selectFrom('tokens').select('token_hash').where('user_id', '=', first.userId).execute();
    expect(live).toEqual([{ token_hash: createHash('sha256').update(second.token).digest('hex') }]);
    await http(`${clocked.url}/api/auth/logout`, authed(second.token, { method: 'POST' }));
    const revoked = await clocked.db.selectFrom('tokens').selectAll().where('user_id', '=', first.userId).orderBy('id').execute();
    expect(revoked.map((t) => t.revoked_at)).toEqual([new Date(nowMs).toISOString()]);
    expect((await http(`${clocked.url}/api/user/me`, authed(second.token))).status).toBe(401);
  });

  test('the login rate limit answers RATE_LIMITED', async () => {
    const limited = await suite.factory.start({ loginRateLimit: { max: 2, windowMs: 60_000 } });
    const statuses: number[] = [];
    let last = await loginWithCode(limited, 'unknown');
    statuses.push(last.status);
    for (let i = 0; i < 2; i += 1) {
      last = await loginWithCode(limited, 'unknown');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 429]);
    expect(errorCode(last)).toBe('RATE_LIMITED');
    expect((await http(`${limited.url}/api/health`)).status).toBe(200);
  });

  test('the login rate limit counts per client address', async () => {
    const limited = await suite.factory.start({ loginRateLimit: { max: 1, windowMs: 60_000 } });
    const from = (localAddress: string) => rawHttp(limited.port, loginRequest('unknown'), localAddress);
    expect(await from('127.0.0.1')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await from('127.0.0.1')).toMatch(/^HTTP\/1\.1 429 /);
    expect(await from('127.0.0.2')).toMatch(/^HTTP\/1\.1 400 /);
  });

  test('behind a trusted proxy the rate limit counts the forwarded client, and forged headers are ignored otherwise', async () => {
    const forwardedFrom = (port: number, client: string) =>
      rawHttp(port, loginRequest('unknown').replace('\r\n\r\n', `\r\nX-Forwarded-For: ${client}\r\n\r\n`));
    const direct = await suite.factory.start({ loginRateLimit: { max: 1, windowMs: 60_000 } });
    expect(await forwardedFrom(direct.port, '203.0.113.1')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await forwardedFrom(direct.port, '203.0.113.2')).toMatch(/^HTTP\/1\.1 429 /);

    const proxied = await suite.factory.start({ loginRateLimit: { max: 1, windowMs: 60_000 }, env: { TRUST_PROXY: '127.0.0.1' } });
    expect(await forwardedFrom(proxied.port, '203.0.113.1')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await forwardedFrom(proxied.port, '203.0.113.1')).toMatch(/^HTTP\/1\.1 429 /);
    expect(await forwardedFrom(proxied.port, '203.0.113.2')).toMatch(/^HTTP\/1\.1 400 /);
  });

  test('a restart on the same data keeps users and tokens', async () => {
    const first = await suite.factory.start();
    const { token, userId } = await login(first);
    await http(`${first.url}/api/user/me`, jsonRequest('PATCH', { nickName: '重启🌱' }, token));
    await first.close();
    const second = await suite.factory.start({ dataDir: first.dataDir });
    const me = await http(`${second.url}/api/user/me`, authed(token));
    expect(me.status).toBe(200);
    expect(field<number>(me.body, 'id')).toBe(userId);
    expect(field<string>(me.body, 'nickName')).toBe('重启🌱');
  });

  describe('avatar upload', () => {
    async function upload(token: string, form: FormData) {
      return http(`${suite.server.url}/api/user/avatar`, authed(token, { method: 'POST', body: form }));
    }

    test('stores a PNG (even named .exe), serves it back at an absolute URL, and leaves the profile to PATCH', async () => {
      const { token } = await login(suite.server);
      const result = await upload(token, formWithFile(PNG_BYTES, 'avatar.exe', 'application/octet-stream'));
      expect(result.status).toBe(200);
      const avatarUrl = field<string>(result.body, 'avatarUrl');
      expect(avatarUrl.startsWith(`${suite.server.url}/uploads/`)).toBe(true);
      expect(avatarUrl).not.toContain('avatar');

      const served = await fetch(avatarUrl);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer()).equals(PNG_BYTES)).toBe(true);

      const before = await http(`${suite.server.url}/api/user/me`, authed(token));
      expect(field<string | null>(before.body, 'avatarUrl')).toBeNull();
      await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { avatarUrl }, token));
      const after = await http(`${suite.server.url}/api/user/me`, authed(token));
      expect(field<string>(after.body, 'avatarUrl')).toBe(avatarUrl);
    });

    test('uses PUBLIC_URL for the avatar URL when set', async () => {
      const behindProxy = await suite.factory.start({ env: { PUBLIC_URL: 'https://api.example.com/' } });
      const { token } = await login(behindProxy);
      const result = await http(
        `${behindProxy.url}/api/user/avatar`,
        authed(token, { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }),
      );
      expect(field<string>(result.body, 'avatarUrl')).toMatch(/^https:\/\/api\.example\.com\/uploads\/[0-9a-f]{32}\.png$/);
    });

    test('rejects an executable named .png with UNSUPPORTED_MEDIA', async () => {
      const { token } = await login(suite.server);
      const result = await upload(token, formWithFile(EXE_BYTES, 'avatar.png', 'image/png'));
      expect(result.status).toBe(415);
      expect(errorCode(result)).toBe('UNSUPPORTED_MEDIA');
    });

    test('rejects a file over 2 MB with PAYLOAD_TOO_LARGE', async () => {
      const { token } = await login(suite.server);
      const big = Buffer.concat([PNG_BYTES, Buffer.alloc(2 * 1024 * 1024, 1)]);
      const result = await upload(token, formWithFile(big, 'big.png', 'image/png'));
      expect(result.status).toBe(413);
      expect(errorCode(result)).toBe('PAYLOAD_TOO_LARGE');
    });

    test('rejects a form without field "file", and a JSON body', async () => {
      const { token } = await login(suite.server);
      const wrongField = await upload(token, formWithFile(PNG_BYTES, 'a.png', 'image/png', 'image'));
      expect(wrongField.status).toBe(400);
      expect(errorCode(wrongField)).toBe('INVALID_INPUT');
      const json = await http(`${suite.server.url}/api/user/avatar`, jsonRequest('POST', { file: 'x' }, token));
      expect(json.status).toBe(415);
      expect(errorCode(json)).toBe('UNSUPPORTED_MEDIA');
    });

    test('an unknown upload is a JSON 404', async () => {
      const result = await http(`${suite.server.url}/uploads/${'0'.repeat(32)}.png`);
      expect(result.status).toBe(404);
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect((await http(`${suite.server.url}/uploads/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    });
  });
});

describe.each(enginesUnderTest().filter((engine) => engine === 'postgres'))('database connections on %s', (engine) => {
  const suite = suiteFactory(engine);

  test('a connection dropped while idle does not bring the server down', async () => {
    const server = await suite.factory.start();
    const { token } = await login(server);
    // Several overlapping queries leave several idle connections in the pool (one request is one query now).
    await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(server.db)));
    const terminated = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(server.db);
    expect(terminated.rows[0]?.n).toBeGreaterThan(0);
    await waitFor(async () => (await http(`${server.url}/api/user/me`, authed(token))).status === 200);
    expect((await http(`${server.url}/api/user/me`, authed(token))).status).toBe(200);
  });
});
