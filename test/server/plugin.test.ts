import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import { startStandaloneEmulator, type StandaloneEmulator } from '../../server/emulator/standalone';
import { EMULATOR_APPID, EMULATOR_SECRET } from '../../server/emulator/state';
import { applyMethodOverride, migrateToLatest, miniprogramLogin, type Database } from '../../server/plugin';
import { createWechatApps, createWechatClient } from '../../server/sdk';
import { createUploadStore } from '../../server/uploads/store';
import { authed, errorCode, field, http, jsonRequest } from './support/harness';
import { formWithFile, PNG_BYTES } from './support/images';

/** A team's own app: default Fastify options but the method override, its own route, its own database, the plugin under /mp. */
describe('the miniprogramLogin plugin on a team\'s own Fastify app', () => {
  let emulator: StandaloneEmulator;
  let dir: string;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    emulator = await startStandaloneEmulator();
    dir = await mkdtemp(path.join(os.tmpdir(), 'plugin-test-'));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path.join(dir, 'team.db')) }) });
    await migrateToLatest(db, 'sqlite', EMULATOR_APPID);
    const wechat = createWechatClient({
      appid: EMULATOR_APPID,
      secret: EMULATOR_SECRET,
      baseUrl: () => emulator.url,
      timeoutMs: 5000,
      fetch: globalThis.fetch,
      now: Date.now,
    });
    app = Fastify({
      rewriteUrl(request) {
        applyMethodOverride(request);
        return request.url ?? '/';
      },
    });
    app.get('/orders', async () => ({ orders: [] }));
    await app.register(
      miniprogramLogin({ db, apps: createWechatApps([wechat], { unknownToFallback: false }), uploads: createUploadStore(path.join(dir, 'uploads')) }),
      { prefix: '/mp' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function login(openid: string): Promise<string> {
    const { code } = emulator.state.mintLoginCode(openid, undefined, undefined);
    const result = await http(`${url}/mp/api/auth/login`, jsonRequest('POST', { code }));
    expect(result.status).toBe(200);
    expect(field(result.body, 'isNew')).toBe(true);
    return field<string>(result.body, 'token');
  }

  test('login → me → logout under the prefix; the revoked token is refused with the contract\'s code', async () => {
    const token = await login('o-team-user-1');
    const me = await http(`${url}/mp/api/user/me`, authed(token));
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(me.body as object).sort()).toEqual(['avatarUrl', 'countryCode', 'createdAt', 'id', 'nickName', 'phoneNumber']);
    expect((await http(`${url}/mp/api/auth/logout`, authed(token, { method: 'POST' }))).status).toBe(204);
    const after = await http(`${url}/mp/api/user/me`, authed(token));
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('UNAUTHORIZED');
    const rows = await db.selectFrom('tokens').select(['token_hash', 'revoked_at']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(token);
    expect(rows[0]?.revoked_at).not.toBeNull();
  });

  test('the team\'s own routes stand beside it, untouched; nothing is mounted outside the prefix', async () => {
    const orders = await http(`${url}/orders`);
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual({ orders: [] });
    expect((await http(`${url}/api/auth/login`, jsonRequest('POST', { code: 'x' }))).status).toBe(404);
  });

  test('its validation is the contract\'s whatever the host\'s Ajv does: an unknown field is 400 INVALID_INPUT, not dropped', async () => {
    const { code } = emulator.state.mintLoginCode('o-team-user-2', undefined, undefined);
    const result = await http(`${url}/mp/api/auth/login`, jsonRequest('POST', { code, extra: 1 }));
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('INVALID_INPUT');
  });

  test('WeChat\'s refusal of a code is the contract\'s INVALID_CODE', async () => {
    const result = await http(`${url}/mp/api/auth/login`, jsonRequest('POST', { code: 'never-minted-code' }));
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('INVALID_CODE');
  });

  test('an uploaded avatar\'s URL is under the prefix and serves the image', async () => {
    const token = await login('o-team-user-3');
    const upload = await http(`${url}/mp/api/user/avatar`, authed(token, { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }));
    expect(upload.status).toBe(200);
    const avatarUrl = field<string>(upload.body, 'avatarUrl');
    expect(new URL(avatarUrl).pathname).toMatch(/^\/mp\/uploads\/[0-9a-f]{32}\.png$/);
    const image = await fetch(avatarUrl);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    const tracked = await db.selectFrom('uploads').select('name').execute();
    expect(tracked.map((row) => `/mp/uploads/${row.name}`)).toContain(new URL(avatarUrl).pathname);
  });

  test('the client\'s PATCH, sent as POST with X-HTTP-Method-Override, reaches the profile route through the host\'s rewriteUrl', async () => {
    const token = await login('o-team-user-4');
    const patched = await http(
      `${url}/mp/api/user/me`,
      authed(token, { method: 'POST', headers: { 'content-type': 'application/json', 'x-http-method-override': 'PATCH' }, body: JSON.stringify({ nickName: '小明' }) }),
    );
    expect(patched.status).toBe(200);
    expect(field(patched.body, 'nickName')).toBe('小明');
  });
});
