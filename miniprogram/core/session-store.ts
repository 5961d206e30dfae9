/**
 * The persisted session: `{ token, expiresAt, user }` under one storage key. Anything unreadable counts
 * as no session: storage is user-controlled and survives app updates, so it must never crash a launch.
 */
import type { User } from '../../typings/contract';
import { isRecord } from './body';

export const SESSION_STORAGE_KEY = 'session.v1';

export interface StoredSession {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: User;
}

export type SessionStorage = Pick<WechatMiniprogram.Wx, 'getStorageSync' | 'setStorageSync' | 'removeStorageSync'>;

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

export function isUser(value: unknown): value is User {
  return (
    isRecord(value) &&
    typeof value.id === 'number' &&
    nullableString(value.nickName) &&
    nullableString(value.avatarUrl) &&
    nullableString(value.phoneNumber) &&
    nullableString(value.countryCode) &&
    typeof value.createdAt === 'string'
  );
}

function parseStored(value: unknown): StoredSession | null {
  if (!isRecord(value)) return null;
  const { token, expiresAt, user } = value;
  if (typeof token !== 'string' || token === '') return null;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
  if (!isUser(user)) return null;
  return { token, expiresAt, user };
}

export interface SessionStore {
  read(): StoredSession | null;
  /**
   * Returns false when storage refused the write (quota); the session then lives in memory only, and an
   * older stored session is removed so that the next launch cannot bring back its replaced token.
   */
  write(session: StoredSession): boolean;
  clear(): void;
}

export function createSessionStore(storage: SessionStorage, key: string = SESSION_STORAGE_KEY): SessionStore {
  function clear(): void {
    try {
      storage.removeStorageSync(key);
    } catch {
      // Nothing else to do: an unremovable entry is still ignored on read once it fails validation.
    }
  }
  return {
    read() {
      let raw: unknown;
      try {
        raw = storage.getStorageSync(key);
      } catch {
        return null;
      }
      if (raw === '' || raw === undefined || raw === null) return null;
      const parsed = parseStored(raw);
      if (parsed === null) clear();
      return parsed;
    },
    write(session) {
      try {
        storage.setStorageSync(key, session);
        return true;
      } catch {
        clear();
        return false;
      }
    },
    clear,
  };
}
