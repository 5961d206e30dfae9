import { Kysely, Migrator, sql, type ColumnDefinitionBuilder, type Migration } from 'kysely';
import type { Engine } from './connect';
import { storedNameOf } from '../uploads/store';
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

/** The profile columns a user keeps once the WeChat identity moves to its own table. */
const PROFILE_COLUMNS = ['id', 'unionid', 'nick_name', 'avatar_url', 'phone_number', 'country_code', 'created_at', 'updated_at'];

/**
 * SQLite cannot drop a UNIQUE column, nor add AUTOINCREMENT, so `users` is rebuilt the way SQLite documents
 * (create, copy, drop, rename) with foreign keys off, inside one transaction of its own: Kysely runs SQLite
 * migrations outside one. AUTOINCREMENT keeps a deleted account's id from ever being handed out again.
 */
async function rebuildSqliteUsers(db: Kysely<unknown>, fill: (trx: Kysely<unknown>) => Promise<void>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  await sql`BEGIN`.execute(db);
  try {
    await db.schema
      .createTable('users_next')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('unionid', 'text')
      .addColumn('nick_name', 'text')
      .addColumn('avatar_url', 'text')
      .addColumn('phone_number', 'text')
      .addColumn('country_code', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO users_next (${sql.join(PROFILE_COLUMNS.map((c) => sql.ref(c)))}) SELECT ${sql.join(PROFILE_COLUMNS.map((c) => sql.ref(c)))} FROM users`.execute(db);
    await fill(db);
    await db.schema.dropTable('users').execute();
    await db.schema.alterTable('users_next').renameTo('users').execute();
    const broken = await sql`PRAGMA foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error('migration left rows whose foreign key points nowhere');
    await sql`COMMIT`.execute(db);
  } catch (error) {
    await sql`ROLLBACK`.execute(db);
    throw error;
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/**
 * Accounts as the lifecycle needs them:
 * - `identities`: one row per (appid, openid), with that login's session_key, pointing at its user, so one
 *   person (linked by unionid) can log in through several mini-programs; existing users get `defaultAppid`.
 * - `tokens.identity_id`: which login a token came from (its app and session_key).
 * - `uploads`: every stored avatar file and its owner. Files already referenced as an avatar are adopted by
 *   that user; any other file has no owner and is swept at start-up.
 */
function accountsSchema(engine: Engine, defaultAppid: string): Migration {
  const idType = engine === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  async function createIdentities(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('identities')
      .addColumn('id', idType, id)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('appid', 'text', (c) => c.notNull())
      .addColumn('openid', 'text', (c) => c.notNull())
      .addColumn('session_key', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('identities_appid_openid', ['appid', 'openid'])
      .execute();
    await sql`INSERT INTO identities (user_id, appid, openid, session_key, created_at, updated_at)
      SELECT id, ${defaultAppid}, openid, session_key, created_at, updated_at FROM users`.execute(db);
    await db.schema.alterTable('tokens').addColumn('identity_id', 'integer', (c) => c.references('identities.id').onDelete('cascade')).execute();
    await sql`UPDATE tokens SET identity_id = (SELECT identities.id FROM identities WHERE identities.user_id = tokens.user_id)`.execute(db);
  }
  return {
    async up(db: Kysely<unknown>) {
      if (engine === 'postgres') {
        await createIdentities(db);
        await sql`ALTER TABLE tokens ALTER COLUMN identity_id SET NOT NULL`.execute(db);
        await db.schema.alterTable('users').dropColumn('openid').dropColumn('session_key').execute();
      } else {
        await rebuildSqliteUsers(db, createIdentities);
      }
      await db.schema.createIndex('identities_user_id').on('identities').column('user_id').execute();
      await db.schema.createIndex('users_unionid').on('users').column('unionid').execute();
      await db.schema
        .createTable('uploads')
        .addColumn('id', idType, id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('uploads_user_id').on('uploads').column('user_id').execute();
      const typed = db as Kysely<Database>;
      const avatars = await typed.selectFrom('users').select(['id', 'avatar_url', 'updated_at']).where('avatar_url', 'is not', null).execute();
      for (const user of avatars) {
        const name = storedNameOf(user.avatar_url);
        if (name === null) continue;
        await typed
          .insertInto('uploads')
          .values({ user_id: user.id, name, created_at: user.updated_at })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
      }
    },
  };
}

/** `defaultAppid`: the app existing users logged in through (the server's app when the migration runs). */
export function migrations(engine: Engine, defaultAppid: string): Record<string, Migration> {
  return { '001_initial_schema': initialSchema(engine), '002_accounts': accountsSchema(engine, defaultAppid) };
}

export async function migrateToLatest(db: Kysely<Database>, engine: Engine, defaultAppid: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(engine, defaultAppid) } });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
}
