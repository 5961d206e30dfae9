import type { Kysely } from 'kysely';
import type { Database, UserRow } from './schema';
import type { IssuedToken, TokenStore } from './tokens';
import type { LoginIdentity, UserStore } from './users';

export interface RecordedLogin extends IssuedToken {
  user: UserRow;
  isNew: boolean;
}

export type RecordLogin = (identity: LoginIdentity) => Promise<RecordedLogin>;

export type LoginStores = (db: Kysely<Database>) => { users: UserStore; tokens: TokenStore };

/**
 * The user row and its first token commit together: a login that fails half way leaves no user behind,
 * so the retry still answers isNew: true.
 */
export function createLoginRecorder(db: Kysely<Database>, storesOver: LoginStores): RecordLogin {
  return (identity) =>
    db.transaction().execute(async (trx) => {
      const { users, tokens } = storesOver(trx);
      const { user, identityId, isNew } = await users.recordLogin(identity);
      return { user, isNew, ...(await tokens.issue(user.id, identityId)) };
    });
}
