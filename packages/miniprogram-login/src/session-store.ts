/**
 * The persisted session: `{ token, expiresAt, user }` under one storage key. Anything unreadable counts
 * as no session: storage is user-controlled and survives app updates, so it must never crash a launch.
 */
import { isRecord } from './body';

/** The storage key of the session unless configured otherwise. */
export const SESSION_STORAGE_KEY = 'session.v1';

/** The session as stored. */
export interface StoredSession<U> {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: U;
}

/** The wx storage APIs the session uses. */
export type SessionStorage = Pick<WechatMiniprogram.Wx, 'getStorageSync' | 'setStorageSync' | 'removeStorageSync'>;

/** `value` as a session when it is one: a non-empty token, a finite expiry and a user `isUser` accepts. */
export function toStoredSession<U>(value: unknown, isUser: (value: unknown) => value is U): StoredSession<U> | null {
  if (!isRecord(value)) return null;
  const { token, expiresAt, user } = value;
  if (typeof token !== 'string' || token === '' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || !isUser(user)) return null;
  return { token, expiresAt, user };
}

/** Reads and writes the stored session. */
export interface SessionStore<U> {
  read(): StoredSession<U> | null;
  /**
   * When storage refuses the write (quota) the session lives in memory only, and an older stored session is
   * removed so that the next launch cannot bring back its replaced token.
   */
  write(session: StoredSession<U>): void;
  clear(): void;
}

/** The session under `key`; `isUser` checks the stored user. */
export function createSessionStore<U>(
  storage: SessionStorage,
  isUser: (value: unknown) => value is U,
  key: string = SESSION_STORAGE_KEY,
): SessionStore<U> {
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
      const parsed = toStoredSession(raw, isUser);
      if (parsed === null) clear();
      return parsed;
    },
    write(session) {
      try {
        storage.setStorageSync(key, session);
      } catch {
        clear();
      }
    },
    clear,
  };
}
