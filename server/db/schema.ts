import type { Generated, Selectable } from 'kysely';

/**
 * Timestamps are ISO 8601 strings (always `toISOString()`, so fixed width and UTC): both engines store
 * and compare them identically as text, and the API returns them as they are.
 */
export interface UsersTable {
  id: Generated<number>;
  openid: string;
  unionid: string | null;
  nick_name: string | null;
  avatar_url: string | null;
  phone_number: string | null;
  country_code: string | null;
  session_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
}

export type UserRow = Selectable<UsersTable>;
