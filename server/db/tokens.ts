import type { Kysely } from 'kysely';
import { hashToken, newBearerToken } from '../bearer-token';
import { reusableQuery } from './reusable-query';
import type { Database, UserViewRow } from './schema';
import type { ReadNow } from './statement-cache';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export interface TokenOwner {
  tokenId: number;
  userId: number;
  /** The login (app and session_key) the token was issued for. */
  identityId: number;
  /** The owner's row (what the routes use of it), read with the token in one query: every authenticated route needs it. */
  user: UserViewRow;
}


export interface TokenStore {
  /** A new token for the user's login; the user's expired tokens are deleted on the way. */
  issue(userId: number, identityId: number): Promise<IssuedToken>;
  /** The live token's owner, or null for an unknown, expired or revoked token. */
  resolve(token: string): Promise<TokenOwner | null>;
  revoke(tokenId: number): Promise<void>;
}

/** The live token's row joined with its owner's: run on every authenticated request. */
const ownerByHash = reusableQuery(['\u0000token_hash', '\u0000now'], (db, tokenHash: string, now: string) =>
  db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'users.id',
      'users.nick_name',
      'users.avatar_url',
      'users.phone_number',
      'users.country_code',
      'users.created_at',
      'tokens.id as token_id',
      'tokens.identity_id as token_identity_id',
    ])
    .where('tokens.token_hash', '=', tokenHash)
    .where('tokens.revoked_at', 'is', null)
    .where('tokens.expires_at', '>', now),
);

// Sentinels: values no real argument takes, to find each argument's place in the compiled SQL.
const USER_ID = -0.5;

const sweepExpired = reusableQuery([USER_ID, '\u0000now'], (db, userId: number, now: string) =>
  db.deleteFrom('tokens').where('user_id', '=', userId).where('expires_at', '<=', now),
);

const IDENTITY_ID = -0.25;

const insertToken = reusableQuery(
  [USER_ID, IDENTITY_ID, '\u0000token_hash', '\u0000expires_at', '\u0000created_at'],
  (db, userId: number, identityId: number, tokenHash: string, expiresAt: string, createdAt: string) =>
    db
      .insertInto('tokens')
      .values({ user_id: userId, identity_id: identityId, token_hash: tokenHash, expires_at: expiresAt, created_at: createdAt }),
);

export interface TokenStoreOptions {
  ttlSeconds: number;
  now: () => Date;
  /** SQLite's direct lane for the lookup of every authenticated request; absent: through Kysely. */
  readNow?: ReadNow | undefined;
}

export function createTokenStore(db: Kysely<Database>, options: TokenStoreOptions): TokenStore {
  return {
    async issue(userId, identityId) {
      const token = newBearerToken();
      const issuedAt = options.now();
      const expiresAt = new Date(issuedAt.getTime() + options.ttlSeconds * 1000).toISOString();
      // Each login sweeps the user's dead tokens, so the table grows with live sessions, not with history.
      await sweepExpired(db, userId, issuedAt.toISOString());
      await insertToken(db, userId, identityId, hashToken(token), expiresAt, issuedAt.toISOString());
      return { token, expiresAt };
    },

    async resolve(token) {
      const query = ownerByHash.with(db, hashToken(token), options.now().toISOString());
      const [row] = options.readNow?.(query) ?? (await db.executeQuery(query)).rows;
      if (row === undefined) return null;
      // Built field by field: an object rest (`...user`) takes V8's slow generic copy, on every request.
      const user: UserViewRow = {
        id: row.id,
        nick_name: row.nick_name,
        avatar_url: row.avatar_url,
        phone_number: row.phone_number,
        country_code: row.country_code,
        created_at: row.created_at,
      };
      return { tokenId: row.token_id, userId: row.id, identityId: row.token_identity_id, user };
    },

    async revoke(tokenId) {
      await db
        .updateTable('tokens')
        .set({ revoked_at: options.now().toISOString() })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
