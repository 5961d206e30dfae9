import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { buildApp } from './app';
import type { Database } from './db/schema';
import { DEFAULT_TIMEOUTS } from './http-server';
import { EMULATOR_APPID, EMULATOR_SECRET } from './emulator/state';
import { createUploadStore } from './uploads/store';
import { createPushReceiver, createReplayGuard, createWechatApps, createWechatClient } from './sdk';

/**
 * The OpenAPI document generated from the route schemas. The app is built with real components over an
 * in-memory database that is never queried: only the route table matters here.
 */
export async function generateOpenApi(): Promise<unknown> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  const app = await buildApp({
    db,
    apps: createWechatApps([createWechatClient({
      appid: EMULATOR_APPID,
      secret: EMULATOR_SECRET,
      baseUrl: () => 'http://127.0.0.1:9',
      timeoutMs: 1,
      fetch: globalThis.fetch,
      now: Date.now,
    })], { unknownToFallback: false }),
    uploads: createUploadStore('/nonexistent'),
    emulator: null,
    health: { checks: () => [], draining: () => false, timeoutMs: 1 },
    // Present so the push routes are documented; never called.
    push: { receiver: createPushReceiver({ config: { token: 'unused', aesKey: null }, servesAppid: () => false, now: Date.now }), replays: createReplayGuard(Date.now) },
    loginRateLimit: { max: 1, windowMs: 1 },
    phoneRateLimit: { max: 1, windowMs: 1 },
    publicUrl: undefined,
    timeouts: DEFAULT_TIMEOUTS,
    trustProxy: false,
    log: false,
  });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await db.destroy();
  }
}

export function serializeOpenApi(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
