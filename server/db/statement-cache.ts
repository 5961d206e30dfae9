import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** More distinct statements than the server ever makes; the bound only keeps an unforeseen query shape from growing it. */
const MAX_STATEMENTS = 256;

/**
 * Kysely prepares every query anew, and preparing (parsing and planning the SQL) was the largest single cost
 * of a request in the profile. The server's queries are a fixed set of SQL texts, so each is prepared once
 * and reused. A statement still busy (an open iterator) is never handed out twice.
 */
export function withStatementCache(file: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = file.prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value ?? '');
      statements.set(sql, statement);
      return statement;
    },
    close() {
      file.close();
    },
  };
}
