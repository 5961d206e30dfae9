import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { UploadStore } from './store';

/**
 * A file younger than this may belong to an upload another server process is recording right now (the file is
 * written before its row); older files without a row are leftovers.
 */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

/**
 * Deletes stored files no upload row owns: left by a deletion whose file removal failed, or by an upload whose
 * row never committed. Answers how many it removed.
 */
export async function sweepOrphanUploads(db: Kysely<Database>, uploads: UploadStore, now: Date): Promise<number> {
  const files = await uploads.list();
  if (files.length === 0) return 0;
  const owned = new Set((await db.selectFrom('uploads').select('name').execute()).map((row) => row.name));
  const orphans = files.filter((file) => !owned.has(file.name) && now.getTime() - file.modifiedAt.getTime() > SWEEP_GRACE_MS);
  const removed = await Promise.allSettled(orphans.map((file) => uploads.remove(file.name)));
  return removed.filter((result) => result.status === 'fulfilled').length;
}
