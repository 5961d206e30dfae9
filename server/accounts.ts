import type { AccountStore, Discarded, ProfileChange } from './db/accounts';
import type { UserRow } from './db/schema';
import type { ImageType } from './uploads/image-type';
import type { UploadStore } from './uploads/store';

export interface FileLog {
  warn(details: { upload: string; err: unknown }, message: string): void;
}

/**
 * The account's lifecycle across the database and the upload folder. The rows change in one transaction
 * first; the files nothing refers to any more are deleted after it commits. So a failure can never leave a
 * row pointing at a deleted file: at worst a file without a row stays behind, which is logged here and
 * removed by the start-up sweep (server/uploads/sweep.ts).
 */
export interface Accounts {
  updateProfile(userId: number, change: ProfileChange): Promise<UserRow>;
  clearPhone(userId: number): Promise<UserRow>;
  /** Stores the image as the user's upload and returns its stored name. */
  saveUpload(userId: number, bytes: Buffer, type: ImageType): Promise<string>;
  /** false: there was no such user (already deleted). */
  deleteAccount(userId: number): Promise<boolean>;
}

export function createAccounts(deps: { store: AccountStore; uploads: UploadStore; log: FileLog }): Accounts {
  async function discard(names: string[]): Promise<void> {
    await Promise.all(
      names.map((name) => deps.uploads.remove(name).catch((err: unknown) => deps.log.warn({ upload: name, err }, 'could not delete an upload; the start-up sweep will'))),
    );
  }

  async function settle<T extends Discarded>(change: Promise<T>): Promise<T> {
    const committed = await change;
    await discard(committed.discard);
    return committed;
  }

  return {
    async updateProfile(userId, change) {
      return (await settle(deps.store.updateProfile(userId, change))).user;
    },

    clearPhone: (userId) => deps.store.clearPhone(userId),

    async saveUpload(userId, bytes, type) {
      const name = await deps.uploads.save(bytes, type);
      try {
        await settle(deps.store.recordUpload(userId, name));
      } catch (error) {
        // Unrecorded, the file would belong to no one: it goes with the failed request.
        await discard([name]);
        throw error;
      }
      return name;
    },

    async deleteAccount(userId) {
      return (await settle(deps.store.deleteAccount(userId))).deleted;
    },
  };
}
