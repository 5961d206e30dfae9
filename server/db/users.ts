import { sql, type Kysely } from 'kysely';
import { reusableQuery } from './reusable-query';
import type { Database, UserRow } from './schema';

export interface LoginIdentity {
  openid: string;
  unionid: string | null;
  sessionKey: string;
}

export interface ProfileChange {
  nickName?: string;
  avatarUrl?: string;
}

export interface UserStore {
  /** Creates the user on first login (exactly once, even for concurrent first logins) and stores the new session_key. */
  recordLogin(identity: LoginIdentity): Promise<{ user: UserRow; isNew: boolean }>;
  updateProfile(id: number, change: ProfileChange): Promise<UserRow>;
  setPhone(id: number, phoneNumber: string, countryCode: string | null): Promise<UserRow>;
}

// Sentinels: values no real argument takes, to find each argument's place in the compiled SQL.
const LOGIN_SENTINELS: [string, string | null, string, string] = ['\u0000openid', '\u0000unionid', '\u0000session_key', '\u0000at'];

const insertNewUser = reusableQuery(LOGIN_SENTINELS, (db, openid: string, unionid: string | null, sessionKey: string, at: string) =>
  db
    .insertInto('users')
    .values({ openid, unionid, session_key: sessionKey, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('openid').doNothing())
    .returningAll(),
);

const updateReturningUser = reusableQuery(LOGIN_SENTINELS, (db, openid: string, unionid: string | null, sessionKey: string, at: string) =>
  db
    .updateTable('users')
    .set({
      session_key: sessionKey,
      // WeChat only sends a unionid when the app is bound to an Open Platform account: keep one we already have.
      unionid: sql<string | null>`coalesce(${unionid}, unionid)`,
      updated_at: at,
    })
    .where('openid', '=', openid)
    .returningAll(),
);

export function createUserStore(db: Kysely<Database>, now: () => Date): UserStore {
  async function byId(id: number): Promise<UserRow> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  return {
    async recordLogin({ openid, unionid, sessionKey }) {
      const at = now().toISOString();
      const [inserted] = await insertNewUser(db, openid, unionid, sessionKey, at);
      if (inserted !== undefined) return { user: inserted, isNew: true };
      const [updated] = await updateReturningUser(db, openid, unionid, sessionKey, at);
      if (updated === undefined) throw new Error(`user ${openid} vanished during its login`);
      return { user: updated, isNew: false };
    },

    async updateProfile(id, change) {
      await db
        .updateTable('users')
        .set({
          ...(change.nickName !== undefined ? { nick_name: change.nickName } : {}),
          ...(change.avatarUrl !== undefined ? { avatar_url: change.avatarUrl } : {}),
          updated_at: now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return byId(id);
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
