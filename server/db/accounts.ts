import type { Kysely, Transaction } from 'kysely';
import { storedNameOf } from '../uploads/store';
import type { Database, UserRow } from './schema';
import { takeUnionidTurn } from './users';

/** An absent field is left as it is; null clears it. */
export interface ProfileChange {
  nickName?: string | null;
  avatarUrl?: string | null;
}

/** What a committed change left behind: stored files nothing refers to any more, to delete after the commit. */
export interface Discarded {
  discard: string[];
}

/**
 * A user keeps the avatar in use plus at most this many uploads not (yet) in the profile: the auth page's
 * upload waits for its PATCH, and two devices may be on it at once. Older ones go when a newer one is saved.
 */
export const MAX_PENDING_UPLOADS = 3;

export interface AccountStore {
  updateProfile(userId: number, change: ProfileChange): Promise<Discarded & { user: UserRow }>;
  clearPhone(userId: number): Promise<UserRow>;
  /** Records a file just stored for the user, and lets go of the user's uploads beyond the limit. */
  recordUpload(userId: number, name: string): Promise<Discarded>;
  /** Deletes the user and everything of theirs in one transaction; false when there was no such user. */
  deleteAccount(userId: number): Promise<Discarded & { deleted: boolean }>;
}

async function forgetUploads(trx: Transaction<Database>, userId: number, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await trx.deleteFrom('uploads').where('user_id', '=', userId).where('name', 'in', names).returning('name').execute();
  return rows.map((row) => row.name);
}

export function createAccountStore(db: Kysely<Database>, now: () => Date): AccountStore {
  return {
    updateProfile(userId, change) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('users').select('avatar_url').where('id', '=', userId).executeTakeFirstOrThrow();
        const user = await trx
          .updateTable('users')
          .set({
            ...(change.nickName !== undefined ? { nick_name: change.nickName } : {}),
            ...(change.avatarUrl !== undefined ? { avatar_url: change.avatarUrl } : {}),
            updated_at: now().toISOString(),
          })
          .where('id', '=', userId)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (change.avatarUrl === null) {
          // No avatar at all: every image stored for the user goes, those still waiting for a PATCH too (a
          // revocation of the avatar means all of them).
          const all = await trx.deleteFrom('uploads').where('user_id', '=', userId).returning('name').execute();
          return { user, discard: all.map((row) => row.name) };
        }
        // The avatar it replaces is superseded: if it was the user's own upload, it goes.
        const previous = storedNameOf(before.avatar_url);
        const superseded = previous !== null && previous !== storedNameOf(user.avatar_url) ? [previous] : [];
        return { user, discard: await forgetUploads(trx, userId, superseded) };
      });
    },

    async clearPhone(userId) {
      return db
        .updateTable('users')
        .set({ phone_number: null, country_code: null, updated_at: now().toISOString() })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    recordUpload(userId, name) {
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('uploads').values({ user_id: userId, name, created_at: now().toISOString() }).execute();
        const user = await trx.selectFrom('users').select('avatar_url').where('id', '=', userId).executeTakeFirstOrThrow();
        const inUse = storedNameOf(user.avatar_url);
        const pending = await trx.selectFrom('uploads').select('name').where('user_id', '=', userId).orderBy('id', 'desc').execute();
        const excess = pending
          .map((row) => row.name)
          .filter((stored) => stored !== inUse)
          .slice(MAX_PENDING_UPLOADS);
        return { discard: await forgetUploads(trx, userId, excess) };
      });
    },

    deleteAccount(userId) {
      return db.transaction().execute(async (trx) => {
        // A first login through another app may be linking to this user right now: let it finish first.
        const owner = await trx.selectFrom('users').select('unionid').where('id', '=', userId).executeTakeFirst();
        if (owner?.unionid) await takeUnionidTurn(trx, owner.unionid);
        const uploads = await trx.deleteFrom('uploads').where('user_id', '=', userId).returning('name').execute();
        await trx.deleteFrom('tokens').where('user_id', '=', userId).execute();
        await trx.deleteFrom('identities').where('user_id', '=', userId).execute();
        const removed = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
        return { deleted: removed.numDeletedRows > 0n, discard: uploads.map((row) => row.name) };
      });
    },
  };
}
