import type { Generated, Selectable } from 'kysely';

/**
 * Timestamps are ISO 8601 strings (always `toISOString()`, so fixed width and UTC): both engines store
 * and compare them identically as text, and the API returns them as they are.
 */
export interface UsersTable {
  id: Generated<number>;
  unionid: string | null;
  nick_name: string | null;
  avatar_url: string | null;
  phone_number: string | null;
  country_code: string | null;
  created_at: string;
  updated_at: string;
}

/** One WeChat login of a user: (appid, openid) with that mini-program's session_key. */
export interface IdentitiesTable {
  id: Generated<number>;
  user_id: number;
  appid: string;
  openid: string;
  session_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  /** The login the token was issued for (set on every token; nullable in SQLite's DDL only, see 002_accounts). */
  identity_id: number;
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

/** Every avatar file the server stored, with its owner: what account deletion and the upload limit work from. */
export interface UploadsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  identities: IdentitiesTable;
  tokens: TokensTable;
  uploads: UploadsTable;
}

export type UserRow = Selectable<UsersTable>;
/** What of a user's row the contract's User shows (no unionid, no bookkeeping). */
export type UserViewRow = Pick<UserRow, 'id' | 'nick_name' | 'avatar_url' | 'phone_number' | 'country_code' | 'created_at'>;
export type IdentityRow = Selectable<IdentitiesTable>;
