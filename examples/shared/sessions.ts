import { hashToken, newBearerToken } from '../../server/sdk';
import type { User } from '../../typings/contract';

export interface IssuedSession {
  token: string;
  expiresAt: string;
  user: User;
  isNew: boolean;
}

/** The example's users and tokens, in memory: a team keeps both in its own database. */
export interface SessionTable {
  /** Finds or creates the user of this WeChat identity and issues a token for it. */
  login(openid: string): IssuedSession;
  /** The live token's user, or null for an unknown, expired or revoked token. */
  userOf(token: string): User | null;
  revoke(token: string): void;
}

export function createSessionTable(options: { ttlSeconds: number; now: () => Date }): SessionTable {
  const users = new Map<string, User>();
  // Keyed by the token's SHA-256: what is kept cannot be sent back as a token.
  const tokens = new Map<string, { openid: string; expiresAt: number }>();

  return {
    login(openid) {
      const now = options.now();
      const known = users.get(openid);
      const user = known ?? { id: users.size + 1, nickName: null, avatarUrl: null, phoneNumber: null, countryCode: null, createdAt: now.toISOString() };
      users.set(openid, user);
      const token = newBearerToken();
      const expiresAt = now.getTime() + options.ttlSeconds * 1000;
      tokens.set(hashToken(token), { openid, expiresAt });
      return { token, expiresAt: new Date(expiresAt).toISOString(), user, isNew: known === undefined };
    },

    userOf(token) {
      const entry = tokens.get(hashToken(token));
      if (entry === undefined || entry.expiresAt <= options.now().getTime()) return null;
      return users.get(entry.openid) ?? null;
    },

    revoke(token) {
      tokens.delete(hashToken(token));
    },
  };
}
