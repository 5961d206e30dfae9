import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export interface TokenOwner {
  tokenId: number;
  userId: number;
  /** The login (app and session_key) the token was issued for. */
  identityId: number;
}

export interface TokenStore {
  /** A new token for the user's login; the user's expired tokens are deleted on the way. */
  issue(userId: number, identityId: number): Promise<IssuedToken>;
  /** The live token's owner, or null for an unknown, expired or revoked token. */
  resolve(token: string): Promise<TokenOwner | null>;
  revoke(tokenId: number): Promise<void>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createTokenStore(db: Kysely<Database>, options: { ttlSeconds: number; now: () => Date }): TokenStore {
  return {
    async issue(userId, identityId) {
      const token = randomBytes(32).toString('base64url');
      const issuedAt = options.now();
      const expiresAt = new Date(issuedAt.getTime() + options.ttlSeconds * 1000).toISOString();
      // Each login sweeps the user's dead tokens, so the table grows with live sessions, not with history.
      await db.deleteFrom('tokens').where('user_id', '=', userId).where('expires_at', '<=', issuedAt.toISOString()).execute();
      await db
        .insertInto('tokens')
        .values({
          user_id: userId,
          identity_id: identityId,
          token_hash: hashToken(token),
          expires_at: expiresAt,
          created_at: issuedAt.toISOString(),
        })
        .execute();
      return { token, expiresAt };
    },

    async resolve(token) {
      const row = await db
        .selectFrom('tokens')
        .select(['id', 'user_id', 'identity_id'])
        .where('token_hash', '=', hashToken(token))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', options.now().toISOString())
        .executeTakeFirst();
      return row === undefined ? null : { tokenId: row.id, userId: row.user_id, identityId: row.identity_id };
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
