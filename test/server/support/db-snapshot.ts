import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/start';
import type { EngineName } from './postgres';

/** Every table of the database, whatever migrations made them. */
export async function tableNames(db: Kysely<Database>, engine: EngineName): Promise<string[]> {
  const query =
    engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`;
  return (await query.execute(db)).rows.map((row) => row.name);
}

/** All rows of the given tables and every file of the upload folder (name and bytes), as one comparable text. */
export async function snapshot(db: Kysely<Database>, tables: string[], uploadsDir: string): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    parts.push(`${table}: ${rows.map((row) => JSON.stringify(row)).sort().join('\n')}`);
  }
  const names = (await readdir(uploadsDir).catch(() => [] as string[])).sort();
  for (const name of names) {
    const bytes = await readFile(path.join(uploadsDir, name));
    parts.push(`upload ${name}: ${bytes.length} ${bytes.subarray(0, 64).toString('hex')}`);
  }
  return parts.join('\n');
}
