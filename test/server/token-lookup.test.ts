import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import type { ReadNow } from '../../server/db/statement-cache';
import { createTokenStore, type TokenStore } from '../../server/db/tokens';

const AT = '2030-01-01T00:00:00.000Z';

/** SQLite's direct lane for the token lookup (ReadNow) against the same lookup through Kysely. */
describe('the token lookup on SQLite', () => {
  let dataDir: string;
  let db: Kysely<Database>;
  let readNow: ReadNow;
  let tokens: TokenStore;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'token-lookup-'));
    const opened = openDatabase({ dataDir });
    if (opened.readNow === undefined) throw new Error('SQLite has a direct lane');
    ({ db, readNow } = opened);
    await migrateToLatest(db, 'sqlite', 'wxtest');
    const user = await db.insertInto('users').values({ nick_name: 'n', unionid: 'u', created_at: AT, updated_at: AT }).returning('id').executeTakeFirstOrThrow();
    const identity = await db
      .insertInto('identities')
      .values({ user_id: user.id, appid: 'wxtest', openid: 'o', session_key: 'sk', created_at: AT, updated_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow();
    tokens = createTokenStore(db, { ttlSeconds: 3600, now: () => new Date(AT), readNow });
    ({ token } = await tokens.issue(user.id, identity.id));
  });
  afterAll(async () => {
    await db.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('finds the same owner as the lookup through Kysely', async () => {
    const throughKysely = createTokenStore(db, { ttlSeconds: 3600, now: () => new Date(AT) });
    const owner = await tokens.resolve(token);
    expect(owner).toEqual(await throughKysely.resolve(token));
    expect(owner?.user).toEqual({ id: owner?.userId, nick_name: 'n', avatar_url: null, phone_number: null, country_code: null, created_at: AT });
  });

  test('does not read inside another open transaction: its uncommitted revocation is not seen', async () => {
    let duringTransaction: ReturnType<TokenStore['resolve']> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('tokens').set({ revoked_at: AT }).execute();
        duringTransaction = tokens.resolve(token);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // Answered after the rollback, in its turn: the token was never revoked.
    expect((await duringTransaction)?.user.nick_name).toBe('n');
  });

  test('sees a committed revocation at once', async () => {
    const owner = await tokens.resolve(token);
    if (owner === null) throw new Error('the token is live');
    await tokens.revoke(owner.tokenId);
    expect(await tokens.resolve(token)).toBeNull();
  });
});
