import type BetterSqlite3 from 'better-sqlite3';

/**
 * SQLite opens a file it cannot write read-only without a word (a read-only data folder, leftover -wal/-shm
 * files owned by another user): reads work, so the server would start, report healthy and fail every login.
 * A write that is rolled back proves the database takes writes, and leaves nothing behind.
 */
export function assertSqliteWritable(file: BetterSqlite3.Database, location: string): void {
  try {
    file.exec('begin immediate');
    file.exec('create table write_probe (x integer)');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the SQLite database ${location} does not take writes (${reason}): check DATA_DIR's permissions`);
  } finally {
    if (file.inTransaction) file.exec('rollback');
  }
}
