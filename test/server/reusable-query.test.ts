import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from '../../server/db/migrations';
import { reusableQuery } from '../../server/db/reusable-query';
import type { Database } from '../../server/db/schema';

describe('a query compiled once and run with new parameters', () => {
  let db: Kysely<Database>;

  beforeAll(async () => {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await migrateToLatest(db, 'sqlite', 'wxtest');
    const at = '2030-01-01T00:00:00.000Z';
    await db.insertInto('users').values([
      { nick_name: 'a', unionid: null, created_at: at, updated_at: at },
      { nick_name: 'b', unionid: 'u', created_at: at, updated_at: at },
    ]).execute();
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('each run binds its own arguments, whatever order the SQL uses them in', async () => {
    // The builder uses the second argument first: the compiled parameters are in SQL order, not argument order.
    const byUnionAndName = reusableQuery(['\u0000nick_name', '\u0000unionid'], (over, name: string, unionid: string) =>
      over.selectFrom('users').select('nick_name').where('unionid', '=', unionid).where('nick_name', '=', name),
    );
    expect(await byUnionAndName(db, 'b', 'u')).toEqual([{ nick_name: 'b' }]);
    expect(await byUnionAndName(db, 'a', 'u')).toEqual([]);
    expect(await byUnionAndName(db, "b' or '1'='1", 'u')).toEqual([]);
  });

  test('a builder that does not pass an argument on as a parameter is refused', async () => {
    const inlined = reusableQuery(['\u0000nick_name'], (over, name: string) =>
      over.selectFrom('users').select('nick_name').where(sql<boolean>`nick_name = ${sql.lit(name)}`),
    );
    await expect(inlined(db, 'a')).rejects.toThrow(/are not the sentinels/);
  });
});
