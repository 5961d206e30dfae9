import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/start';
import type { EngineName } from './postgres';

/** Makes every insert into tokens fail (a real database error, mid-login), or stops doing so. */
export async function refuseTokenInserts(db: Kysely<Database>, engine: EngineName, refuse: boolean): Promise<void> {
  if (engine === 'sqlite') {
    await (refuse
      ? sql`create trigger refuse_tokens before insert on tokens begin select raise(abort, 'tokens refused'); end`
      : sql`drop trigger refuse_tokens`
    ).execute(db);
    return;
  }
  if (refuse) {
    await sql`create function refuse_tokens() returns trigger language plpgsql as $$ begin raise exception 'tokens refused'; end $$`.execute(db);
    await sql`create trigger refuse_tokens before insert on tokens for each row execute function refuse_tokens()`.execute(db);
  } else {
    await sql`drop trigger refuse_tokens on tokens`.execute(db);
    await sql`drop function refuse_tokens()`.execute(db);
  }
}
