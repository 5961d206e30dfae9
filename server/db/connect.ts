import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './schema';

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

const SQLITE_FILE_NAME = 'miniprogram-login.sqlite';

export function openDatabase(options: { databaseUrl?: string; dataDir: string }): OpenedDatabase {
  if (isPostgresUrl(options.databaseUrl)) {
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
  }
  const file = new BetterSqlite3(path.join(options.dataDir, SQLITE_FILE_NAME));
  // WAL lets readers proceed during a write; busy_timeout covers a second process on the same file.
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) }), engine: 'sqlite' };
}
