import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/start';
import type { EngineName } from './postgres';

/** A statement a test makes fail on one table: `refuse_<statement>_<table>` names its trigger. */
export interface RefusedStatement {
  table: 'tokens' | 'users';
  statement: 'insert' | 'delete';
}

/** Makes every such statement fail (a real database error, half way through a request), or stops doing so. */
export async function refuseStatements(db: Kysely<Database>, engine: EngineName, refused: RefusedStatement, refuse: boolean): Promise<void> {
  const name = sql.raw(`refuse_${refused.statement}_${refused.table}`);
  const table = sql.raw(refused.table);
  const statement = sql.raw(refused.statement);
  const message = sql.raw(`'${refused.table} ${refused.statement} refused'`);
  if (engine === 'sqlite') {
    await (refuse
      ? sql`create trigger ${name} before ${statement} on ${table} begin select raise(abort, ${message}); end`
      : sql`drop trigger ${name}`
    ).execute(db);
    return;
  }
  if (refuse) {
    await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception ${message}; end $$`.execute(db);
    await sql`create trigger ${name} before ${statement} on ${table} for each row execute function ${name}()`.execute(db);
  } else {
    await sql`drop trigger ${name} on ${table}`.execute(db);
    await sql`drop function ${name}()`.execute(db);
  }
}

/** Makes every insert into tokens fail (mid-login), or stops doing so. */
export function refuseTokenInserts(db: Kysely<Database>, engine: EngineName, refuse: boolean): Promise<void> {
  return refuseStatements(db, engine, { table: 'tokens', statement: 'insert' }, refuse);
}
