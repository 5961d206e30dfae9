import type { Kysely } from 'kysely';
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
   * same unionid (when `linkByUnionid`), or creates the user: exactly once, even for concurrent first logins.
   * Stores the login's new session_key.
   */
  recordLogin(identity: LoginIdentity): Promise<RecordedUser>;
  findIdentity(id: number): Promise<IdentityRow | undefined>;
  /** The user WeChat means by an openid of one of the apps (a push), if any. */
  findByOpenid(appid: string, openid: string): Promise<number | undefined>;
  setPhone(id: number, phoneNumber: string, countryCode: string | null): Promise<UserRow>;
}

export function createUserStore(db: Kysely<Database>, now: () => Date, options: { linkByUnionid: boolean }): UserStore {
  async function byId(id: number): Promise<UserRow> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function returningLogin(identity: LoginIdentity, at: string): Promise<RecordedUser | null> {
    const known = await db
      .updateTable('identities')
      .set({ session_key: identity.sessionKey, updated_at: at })
      .where('appid', '=', identity.appid)
      .where('openid', '=', identity.openid)
      .returning(['id', 'user_id'])
      .executeTakeFirst();
    if (known === undefined) return null;
    const user = await db
      .updateTable('users')
      // WeChat only sends a unionid when the app is bound to an Open Platform account: keep one we already have.
      .set((eb) => ({ unionid: identity.unionid ?? eb.ref('unionid'), updated_at: at }))
      .where('id', '=', known.user_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { user, identityId: known.id, isNew: false };
  }

  async function linkedUser(unionid: string | null): Promise<UserRow | undefined> {
    if (!options.linkByUnionid || unionid === null) return undefined;
    return db.selectFrom('users').selectAll().where('unionid', '=', unionid).orderBy('id').executeTakeFirst();
  }

  return {
    async recordLogin(identity) {
      const at = now().toISOString();
      const returning = await returningLogin(identity, at);
      if (returning !== null) return returning;
      const linked = await linkedUser(identity.unionid);
      const user =
        linked ??
        (await db
          .insertInto('users')
          .values({ unionid: identity.unionid, created_at: at, updated_at: at })
          .returningAll()
          .executeTakeFirstOrThrow());
      const inserted = await db
        .insertInto('identities')
        .values({ user_id: user.id, appid: identity.appid, openid: identity.openid, session_key: identity.sessionKey, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['appid', 'openid']).doNothing())
        .returning('id')
        .executeTakeFirst();
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
