import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, SqliteDatabase } from 'kysely';

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

/**
 * Runs a compiled read at once on the SQLite connection, or answers null when it must not: while a transaction
 * is open on the connection (another request's, between two of its statements), where it would see rows not
 * yet committed; Kysely then runs it in its turn. better-sqlite3 is synchronous, so outside a transaction a read
 * can never land between another query's statements.
 */
export type ReadNow = <Row>(query: CompiledQuery<Row>) => Row[] | null;

/**
 * For the read of every authenticated request: Kysely's executor (connection lock, query id, a chain of
 * promises) around better-sqlite3's synchronous call cost more than SQLite's own work on that statement.
 */
export function readNowOn(file: BetterSqlite3.Database): ReadNow {
  const statements = withStatementCache(file);
  return <Row>(query: CompiledQuery<Row>) => (file.inTransaction ? null : (statements.prepare(query.sql).all(query.parameters) as Row[]));
}
