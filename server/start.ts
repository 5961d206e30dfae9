import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp } from './app';
import { linkByUnionid, wechatAppsConfig } from './apps-config';
import { openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrations';
import type { Database } from './db/schema';
import type { EmulatorMount } from './emulator/mount';
import { DEFAULT_TIMEOUTS, type ServerTimeouts } from './http-server';
import type { LogSink } from './logging';
import { DEFAULT_LOGIN_RATE_LIMIT, DEFAULT_PHONE_RATE_LIMIT, DEFAULT_TOKEN_TTL_SECONDS } from './plugin';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, drainHttpServer, type DrainOutcome } from './production/drain';
import { productionRefusal } from './production/refusals';
import { emulatorPushConfig, pushConfig } from './push-config';
import { createResources } from './resources';
import { DEFAULT_HEALTH_TIMEOUT_MS } from './routes/health';
import { openSharedState } from './shared-state';
import { sharedStateConfig } from './shared-state-config';
import { createUploadStore } from './uploads/store';
import { sweepOrphanUploads } from './uploads/sweep';
import { createPushReceiver, createReplayGuard, createWechatApps, createWechatClient } from './sdk';

export type { Database } from './db/schema';

export interface StartOptions {
  port?: number; // 0 = random; default env PORT or 3000
  host?: string; // default env HOST or 127.0.0.1
  dataDir?: string; // default env DATA_DIR or ./data
  databaseUrl?: string; // default env DATABASE_URL; absent -> SQLite file in dataDir
  /**
   * development: the emulator maps unknown login codes to the dev user. production: refuses to start without real
   * WeChat credentials, PUBLIC_URL and DATABASE_URL (production/refusals.ts), so there is no emulator.
   */
  mode?: 'development' | 'test' | 'production';
  tokenTtlSeconds?: number; // default env TOKEN_TTL or 604800
  loginRateLimit?: { max: number; windowMs: number };
  /** Default env PHONE_RATE_LIMIT_MAX / PHONE_RATE_LIMIT_WINDOW_MS or 10 per hour. */
  phoneRateLimit?: { max: number; windowMs: number };
  /** Connection deadlines; default DEFAULT_TIMEOUTS. */
  timeouts?: Partial<ServerTimeouts>;
  logger?: boolean; // default false in test
  /** Where log lines go when logging (default stdout): lets tests read what would be logged. */
  logSink?: LogSink;
  /** Timeout of each WeChat API call; default 5000 ms. */
  wechatTimeoutMs?: number;
  /** The clock for token expiry and emulator code lifetimes. */
  now?: () => Date;
  /** How long /api/health waits for each dependency; default 2000 ms. */
  healthTimeoutMs?: number;
  /** Environment to read defaults from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string; // e.g. http://127.0.0.1:54321
  port: number;
  emulatorUrl: string | null; // `${url}/__wechat` when the emulator is mounted
  db: Kysely<Database>; // for tests to inspect rows
  /** Closes at once, cutting requests in flight. */
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): /api/health answers 503, no new connections, requests in flight answered (for at
   * most timeoutMs, default SHUTDOWN_TIMEOUT_MS or 10 s), then everything closed as close() does.
   */
  drain(timeoutMs?: number): Promise<DrainOutcome>;
}

function nonNegativeInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/** For values where 0 would be a silent misconfiguration: a token that is dead on arrival, a limit that refuses all. */
function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

/** PUBLIC_URL must be an absolute http(s) URL: avatar URLs are built on it, and PATCH accepts only absolute ones. */
function publicBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^https?:\/\/[^\s/?#]+/.test(value) || !URL.canParse(value)) throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  return value;
}

/**
 * TRUST_PROXY: "true" (any proxy) or a comma-separated list of proxy addresses/CIDRs. Unset means a
 * direct connection: forwarded headers are ignored, as a client could forge them.
 */
export function trustProxySetting(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}

/** Loopback address this process uses to reach its own listener. */
function selfHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const mode = options.mode ?? 'development';
  const now = options.now ?? (() => new Date());
  const port = options.port ?? nonNegativeInt(env.PORT, 'PORT') ?? 3000;
  const host = options.host ?? env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir ?? env.DATA_DIR ?? './data');
  const databaseUrl = options.databaseUrl ?? (env.DATABASE_URL || undefined);
  const ttlSeconds = options.tokenTtlSeconds ?? positiveInt(env.TOKEN_TTL, 'TOKEN_TTL') ?? DEFAULT_TOKEN_TTL_SECONDS;
  const loginRateLimit = options.loginRateLimit ?? {
    max: nonNegativeInt(env.LOGIN_RATE_LIMIT_MAX, 'LOGIN_RATE_LIMIT_MAX') ?? DEFAULT_LOGIN_RATE_LIMIT.max,
    windowMs: nonNegativeInt(env.LOGIN_RATE_LIMIT_WINDOW_MS, 'LOGIN_RATE_LIMIT_WINDOW_MS') ?? DEFAULT_LOGIN_RATE_LIMIT.windowMs,
  };
  const phoneRateLimit = options.phoneRateLimit ?? {
    max: positiveInt(env.PHONE_RATE_LIMIT_MAX, 'PHONE_RATE_LIMIT_MAX') ?? DEFAULT_PHONE_RATE_LIMIT.max,
    windowMs: positiveInt(env.PHONE_RATE_LIMIT_WINDOW_MS, 'PHONE_RATE_LIMIT_WINDOW_MS') ?? DEFAULT_PHONE_RATE_LIMIT.windowMs,
  };
  const logging = options.logger ?? (mode !== 'test');
  const shutdownTimeoutMs = positiveInt(env.SHUTDOWN_TIMEOUT_MS, 'SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const realApps = wechatAppsConfig(env);
  const publicUrl = publicBaseUrl(env.PUBLIC_URL);
  if (mode === 'production') {
    const refusal = productionRefusal({ wechatApps: realApps !== null, publicUrl, databaseUrl });
    if (refusal !== null) throw new Error(refusal);
  }
  // Imported only when used: a production process never loads the emulator's code.
  const emulatorModule = realApps === null ? await import('./emulator/mount') : null;
  const appCredentials = realApps ?? emulatorModule?.EMULATOR_CREDENTIALS ?? [];
  const defaultAppid = appCredentials[0]?.appid ?? '';
  const linking = linkByUnionid(env.LINK_BY_UNIONID);
  const configuredPush = pushConfig(env);
  // Without settings there is no push route, except with the emulator: its development settings make pushes work
  // in development and tests.
  const push = configuredPush ?? (realApps === null ? emulatorPushConfig() : null);
  const sharedConfig = sharedStateConfig(env);

  await mkdir(dataDir, { recursive: true });
  const resources = createResources();
  const { db, engine, readNow } = openDatabase({ databaseUrl, dataDir });
  resources.onClose(() => db.destroy());
  resources.check('database', () => sql`select 1`.execute(db));
  try {
    await migrateToLatest(db, engine, defaultAppid);
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  const shared = await openSharedState(sharedConfig, { now: () => now().getTime(), resources }).catch(async (error: unknown) => {
    await resources.closeAll();
    throw error;
  });

  let ownUrl = '';
  let emulator: EmulatorMount | null = null;
  if (emulatorModule !== null) {
    emulator = emulatorModule.mountEmulator({
      dataDir,
      mode: mode === 'development' ? 'development' : 'test',
      now,
      push: configuredPush ?? emulatorPushConfig(),
      defaultAppid,
      serverUrl: () => ownUrl,
    });
    resources.onClose(emulator.flush);
  }
  // One client per app: each has its own access_token cache.
  const clients = appCredentials.map(({ appid, secret }) =>
    createWechatClient({
      appid,
      secret,
      baseUrl: () => (emulator !== null ? `${ownUrl}/__wechat` : env.WECHAT_API_BASE || 'https://api.weixin.qq.com'),
      timeoutMs: options.wechatTimeoutMs ?? 5000,
      fetch: globalThis.fetch,
      now: () => now().getTime(),
      accessTokenCache: shared.accessTokenCache,
    }),
  );
  const apps = createWechatApps(clients, { unknownToFallback: emulator !== null && mode === 'development' });
  const uploads = shared.uploads ?? createUploadStore(path.join(dataDir, 'uploads'));
  let draining = false;
  let app: FastifyInstance;
  try {
    await sweepOrphanUploads(db, uploads, now());
    app = await buildApp({
      db,
      readNow,
      tokenTtlSeconds: ttlSeconds,
      linkByUnionid: linking,
      now,
      apps,
      uploads,
      emulator: emulator?.routes ?? null,
      health: { checks: resources.checks, draining: () => draining, timeoutMs: options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS },
      push:
        push === null
          ? null
          : {
              receiver: createPushReceiver({ config: push, servesAppid: (appid) => apps.get(appid) !== undefined, now: () => now().getTime() }),
              replays: shared.replayGuard ?? createReplayGuard(() => now().getTime()),
            },
      loginRateLimit,
      phoneRateLimit,
      rateLimitStore: shared.rateLimitStore,
      publicUrl,
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      trustProxy: trustProxySetting(env.TRUST_PROXY),
      log: logging ? { sink: options.logSink } : false,
    });
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  shared.useLog(app.log);

  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    await resources.closeAll();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  // The emulator is served by this same server; WECHAT_API_BASE only applies to the real WeChat.
  ownUrl = `http://${selfHost(host)}:${address.port}`;
  const close = async (): Promise<void> => {
    await app.close();
    await resources.closeAll();
  };

  return {
    url: ownUrl,
    port: address.port,
    emulatorUrl: emulator === null ? null : `${ownUrl}/__wechat`,
    db,
    close,
    async drain(timeoutMs = shutdownTimeoutMs) {
      draining = true;
      app.log.info({ timeoutMs }, 'shutdown: draining (health answers 503, no new connections)');
      const outcome = await drainHttpServer(app.server, { timeoutMs });
      if (outcome === 'forced') app.log.warn({ timeoutMs }, 'shutdown: requests still in flight were cut off');
      else app.log.info('shutdown: every request answered');
      await close();
      return outcome;
    },
  };
}
