import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './schema';
import { assertSqliteWritable } from './sqlite-writable';
import { readNowOn, withStatementCache, type ReadNow } from './statement-cache';

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** SQLite only: the direct lane of the token lookup (see ReadNow); PostgreSQL reads through its pool. */
  readNow: ReadNow | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

const SQLITE_FILE_NAME = 'miniprogram-login.sqlite';

export function openDatabase(options: { databaseUrl?: string; dataDir: string }): OpenedDatabase {
  if (options.databaseUrl !== undefined) {
    // Anything but PostgreSQL is a mistake to report, not a reason to fall back to SQLite quietly.
    if (!POSTGRES_URL.test(options.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
    // A database that silently drops packets must not hold a request (or a health check's connection) forever.
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    // An idle connection the database ends (restart, pg_terminate_backend) is an 'error' event: unheard, it
    // would crash the process. The pool has already dropped that client and opens a new one when needed.
    pool.on('error', () => undefined);
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres', readNow: undefined };
  }
  const location = path.join(options.dataDir, SQLITE_FILE_NAME);
  const file = new BetterSqlite3(location);
  // WAL lets readers proceed during a write; busy_timeout covers a second process on the same file.
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  try {
    assertSqliteWritable(file, location);
  } catch (error) {
    file.close();
    throw error;
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) }), engine: 'sqlite', readNow: readNowOn(file) };
}
