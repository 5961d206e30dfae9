import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator, type Generated, type Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connect';
import { migrateToLatest, migrations } from '../../server/db/migrations';
import { hashToken } from '../../server/bearer-token';
import { authed, field, http, serverFactory } from './support/harness';
import { enginesUnderTest, provideDatabase, type TestDatabase } from './support/postgres';

jest.setTimeout(30_000);

const AT = '2026-01-01T00:00:00.000Z';
const AVATAR = `${'d'.repeat(32)}.png`;

/** The 001 schema's rows, written as an older server wrote them. */
async function seedVersion1(db: Kysely<unknown>): Promise<void> {
  const old = db as Kysely<{
    users: { id: Generated<number>; openid: string; unionid: string | null; nick_name: string | null; avatar_url: string | null; session_key: string; created_at: string; updated_at: string };
    tokens: { user_id: number; token_hash: string; expires_at: string; created_at: string };
  }>;
  const user = await old
    .insertInto('users')
    .values({ openid: 'o-old', unionid: 'u-old', nick_name: '老用户', avatar_url: `http://127.0.0.1:3000/uploads/${AVATAR}`, session_key: 'key-old', created_at: AT, updated_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  await old.insertInto('tokens').values({ user_id: user.id, token_hash: hashToken('t'.repeat(43)), expires_at: '2099-01-01T00:00:00.000Z', created_at: AT }).execute();
}

describe.each(enginesUnderTest())('migration 002_accounts on %s', (engine) => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await provideDatabase(engine);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'migration-test-'));
  });
  afterAll(async () => {
    await database.release();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("moves each user's openid and session_key to an identity of the default app, keeps tokens, adopts avatars", async () => {
    const { db } = openDatabase({ databaseUrl: database.url, dataDir });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(engine, 'wxdefault00000000') } });
      const { error } = await migrator.migrateTo('001_initial_schema');
      expect(error).toBeUndefined();
      await seedVersion1(db as Kysely<unknown>);
      await migrateToLatest(db, engine, 'wxdefault00000000');

      const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user).toEqual(expect.objectContaining({ unionid: 'u-old', nick_name: '老用户' }));
      expect(Object.keys(user)).not.toContain('openid');
      expect(Object.keys(user)).not.toContain('session_key');
      const identity = await db.selectFrom('identities').selectAll().executeTakeFirstOrThrow();
      expect(identity).toEqual(expect.objectContaining({ user_id: user.id, appid: 'wxdefault00000000', openid: 'o-old', session_key: 'key-old' }));
      const token = await db.selectFrom('tokens').selectAll().executeTakeFirstOrThrow();
      expect(token.identity_id).toBe(identity.id);
      expect(await db.selectFrom('uploads').select(['user_id', 'name']).execute()).toEqual([{ user_id: user.id, name: AVATAR }]);
    } finally {
      await db.destroy();
    }
  });

  test('a server started on the migrated data still honours the old token', async () => {
    const factory = await serverFactory('sqlite');
    try {
      const server = await factory.start({ dataDir, databaseUrl: database.url });
      const me = await http(`${server.url}/api/user/me`, authed('t'.repeat(43)));
      expect(me.status).toBe(200);
      expect(field<string>(me.body, 'nickName')).toBe('老用户');
    } finally {
      await factory.dispose();
    }
  });
});
