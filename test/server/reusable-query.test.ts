import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from '../../server/db/migrations';
import { reusableQuery } from '../../server/db/reusable-query';
import type { Database } from '../../server/db/schema';

describe('a query compiled once and run with new parameters', () => {
  let db: Kysely<Database>;

  beforeAll(async () => {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await migrateToLatest(db, 'sqlite');
    const at = '2030-01-01T00:00:00.000Z';
    await db.insertInto('users').values([
      { openid: 'a', unionid: null, session_key: 'k', created_at: at, updated_at: at },
      { openid: 'b', unionid: 'u', session_key: 'k', created_at: at, updated_at: at },
    ]).execute();
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('each run binds its own arguments, whatever order the SQL uses them in', async () => {
    // The builder uses the second argument first: the compiled parameters are in SQL order, not argument order.
    const byUnionAndOpenid = reusableQuery(['\u0000openid', '\u0000unionid'], (over, openid: string, unionid: string) =>
      over.selectFrom('users').select('openid').where('unionid', '=', unionid).where('openid', '=', openid),
    );
    expect(await byUnionAndOpenid(db, 'b', 'u')).toEqual([{ openid: 'b' }]);
    expect(await byUnionAndOpenid(db, 'a', 'u')).toEqual([]);
    expect(await byUnionAndOpenid(db, "b' or '1'='1", 'u')).toEqual([]);
  });

  test('a builder that does not pass an argument on as a parameter is refused', async () => {
    const inlined = reusableQuery(['\u0000openid'], (over, openid: string) =>
      over.selectFrom('users').select('openid').where(sql<boolean>`openid = ${sql.lit(openid)}`),
    );
    await expect(inlined(db, 'a')).rejects.toThrow(/are not the sentinels/);
  });
});
