import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { reusableQuery } from './reusable-query';
import type { Database, IdentityRow, UserRow } from './schema';

export interface LoginIdentity {
  appid: string;
  openid: string;
  unionid: string | null;
  sessionKey: string;
}

export interface RecordedUser {
  user: UserRow;
  identityId: number;
  isNew: boolean;
}

export interface UserStore {
  /**
   * Finds the user of (appid, openid), or links a first login through another mini-program to the user with the
   * same unionid (when `linkByUnionid`), or creates the user: exactly once, even for concurrent first logins
   * (through one app or several). Stores the login's new session_key. Runs inside the login's transaction.
   */
  recordLogin(identity: LoginIdentity): Promise<RecordedUser>;
  findIdentity(id: number): Promise<IdentityRow | undefined>;
  /** The user WeChat means by an openid of one of the apps (a push), if any. */
  findByOpenid(appid: string, openid: string): Promise<number | undefined>;
  setPhone(id: number, phoneNumber: string, countryCode: string | null): Promise<UserRow>;
}

// The statements every login runs, compiled once (see reusable-query.ts); the sentinels are values no real
// argument takes, to find each argument's place in the compiled SQL.
const USER_ID = -0.5;

const touchIdentity = reusableQuery(
  ['\u0000session_key', '\u0000at', '\u0000appid', '\u0000openid'],
  (db, sessionKey: string, at: string, appid: string, openid: string) =>
    db
      .updateTable('identities')
      .set({ session_key: sessionKey, updated_at: at })
      .where('appid', '=', appid)
      .where('openid', '=', openid)
      .returning(['id', 'user_id']),
);

// WeChat only sends a unionid when the app is bound to an Open Platform account: keep one we already have.
const touchUser = reusableQuery(['\u0000unionid', '\u0000at', USER_ID], (db, unionid: string | null, at: string, userId: number) =>
  db
    .updateTable('users')
    .set((eb) => ({ unionid: eb.fn.coalesce(eb.val(unionid), eb.ref('unionid')), updated_at: at }))
    .where('id', '=', userId)
    .returningAll(),
);

const userByUnionid = reusableQuery(['\u0000unionid'], (db, unionid: string) =>
  db.selectFrom('users').selectAll().where('unionid', '=', unionid).orderBy('id'),
);

// Two first logins of one person through two apps at once would each find no user with the unionid and each
// insert one; a deletion between a login's look-up of that user and its insert would leave the insert naming a
// user that is gone. On PostgreSQL each waits here until the other's transaction ends; the lock is on the unionid
// alone (hashed: a collision only makes two people take turns), in a key space of its own. SQLite needs none: a
// transaction holds Kysely's one connection, so they take turns anyway.
const lockUnionid = reusableQuery(['\u0000unionid'], (db, unionid: string) => ({
  compile: () => sql<Record<string, unknown>>`select pg_advisory_xact_lock(hashtext('miniprogram-login users.unionid'), hashtext(${unionid}))`.compile(db),
}));

/**
 * Waits for the turn of `unionid`'s first logins and account deletion, and holds it until the transaction `trx`
 * ends (see lockUnionid).
 */
export async function takeUnionidTurn(trx: Kysely<Database>, unionid: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await lockUnionid(trx, unionid);
}

const insertUser = reusableQuery(['\u0000unionid', '\u0000at'], (db, unionid: string | null, at: string) =>
  db.insertInto('users').values({ unionid, created_at: at, updated_at: at }).returningAll(),
);

const insertIdentity = reusableQuery(
  [USER_ID, '\u0000appid', '\u0000openid', '\u0000session_key', '\u0000at'],
  (db, userId: number, appid: string, openid: string, sessionKey: string, at: string) =>
    db
      .insertInto('identities')
      .values({ user_id: userId, appid, openid, session_key: sessionKey, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['appid', 'openid']).doNothing())
      .returning('id'),
);

export function createUserStore(db: Kysely<Database>, now: () => Date, options: { linkByUnionid: boolean }): UserStore {
  async function byId(id: number): Promise<UserRow> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function returningLogin(identity: LoginIdentity, at: string): Promise<RecordedUser | null> {
    const [known] = await touchIdentity(db, identity.sessionKey, at, identity.appid, identity.openid);
    if (known === undefined) return null;
    const [user] = await touchUser(db, identity.unionid, at, known.user_id);
    if (user === undefined) throw new Error(`identity ${known.id} names a user that does not exist`);
    return { user, identityId: known.id, isNew: false };
  }

  async function linkedUser(unionid: string | null): Promise<UserRow | undefined> {
    if (!options.linkByUnionid || unionid === null) return undefined;
    // What makes concurrent first logins of one unionid take turns (the lock, the held connection) lasts as long
    // as the transaction: outside one it would guard nothing.
    if (!db.isTransaction) throw new Error('recordLogin must run inside the login transaction');
    await takeUnionidTurn(db, unionid);
    const [linked] = await userByUnionid(db, unionid);
    return linked;
  }

  return {
    async recordLogin(identity) {
      const at = now().toISOString();
      const returning = await returningLogin(identity, at);
      if (returning !== null) return returning;
      const linked = await linkedUser(identity.unionid);
      const user = linked ?? (await insertUser(db, identity.unionid, at))[0];
      if (user === undefined) throw new Error('inserting the user returned no row');
      const [inserted] = await insertIdentity(db, user.id, identity.appid, identity.openid, identity.sessionKey, at);
      if (inserted !== undefined) return { user, identityId: inserted.id, isNew: linked === undefined };
      // A concurrent first login of the same (appid, openid) won: undo the user made here and join that one.
      if (linked === undefined) await db.deleteFrom('users').where('id', '=', user.id).execute();
      const joined = await returningLogin(identity, at);
      if (joined === null) throw new Error('the identity a concurrent login created is gone');
      return joined;
    },

    async findIdentity(id) {
      return db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findByOpenid(appid, openid) {
      const row = await db.selectFrom('identities').select('user_id').where('appid', '=', appid).where('openid', '=', openid).executeTakeFirst();
      return row?.user_id;
    },

    async setPhone(id, phoneNumber, countryCode) {
      await db
        .updateTable('users')
        .set({ phone_number: phoneNumber, country_code: countryCode, updated_at: now().toISOString() })
        .where('id', '=', id)
        .execute();
      return byId(id);
    },
  };
}
