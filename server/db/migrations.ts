import { Kysely, Migrator, type Migration } from 'kysely';
import type { Engine } from './connect';
import type { Database } from './schema';

/** The same migrations for both engines; only the auto-increment key is spelled differently. */
function initialSchema(engine: Engine): Migration {
  const idType = engine === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('openid', 'text', (c) => c.notNull().unique())
        .addColumn('unionid', 'text')
        .addColumn('nick_name', 'text')
        .addColumn('avatar_url', 'text')
        .addColumn('phone_number', 'text')
        .addColumn('country_code', 'text')
        .addColumn('session_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', idType, (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tokens_user_id').on('tokens').column('user_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('tokens').execute();
      await db.schema.dropTable('users').execute();
    },
  };
}

export function migrations(engine: Engine): Record<string, Migration> {
  return { '001_initial_schema': initialSchema(engine) };
}

export async function migrateToLatest(db: Kysely<Database>, engine: Engine): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(engine) } });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
}
