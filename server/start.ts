import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp } from './app';
import type { AppCredentials } from './apps-config';
import type { WechatApps } from './apps';
import { openDatabase, type OpenedDatabase } from './db/connect';
import { migrateToLatest } from './db/migrations';
import type { Database } from './db/schema';
import type { EmulatorMount } from './emulator/mount';
import type { ServerTimeouts } from './http-server';
import type { LogSink } from './logging';
import { drainHttpServer, type DrainOutcome } from './production/drain';
import { emulatorPushConfig } from './push-config';
import { createResources, type Resources } from './resources';
import { openSharedState, type SharedState } from './shared-state';
import { readStartConfig, type StartConfig } from './start-config';
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

/** Loopback address this process uses to reach its own listener. */
function selfHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Runs a start-up step; when it fails, closes what was opened before it, so a failed start leaves nothing open. */
async function closingOnFailure<T>(resources: Resources, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}

type Storage = Pick<OpenedDatabase, 'db' | 'readNow'> & { resources: Resources; shared: SharedState };

/** The data directory, the migrated database and the state shared with other instances, each closed at shutdown. */
async function openStorage(config: StartConfig, defaultAppid: string): Promise<Storage> {
  await mkdir(config.dataDir, { recursive: true });
  const resources = createResources();
  const { db, engine, readNow } = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  resources.onClose(() => db.destroy());
  resources.check('database', () => sql`select 1`.execute(db));
  await closingOnFailure(resources, () => migrateToLatest(db, engine, defaultAppid));
  const shared = await closingOnFailure(resources, () => openSharedState(config.sharedConfig, { now: () => config.now().getTime(), resources }));
  return { db, readNow, resources, shared };
}

/** One client per app: each has its own access_token cache. With the emulator they call this server's /__wechat. */
function wechatApps(
  config: StartConfig,
  credentials: readonly AppCredentials[],
  deps: { emulated: boolean; ownUrl: () => string; shared: SharedState },
): WechatApps {
  const clients = credentials.map(({ appid, secret }) =>
    createWechatClient({
      appid,
      secret,
      baseUrl: () => (deps.emulated ? `${deps.ownUrl()}/__wechat` : config.env.WECHAT_API_BASE || 'https://api.weixin.qq.com'),
      timeoutMs: config.wechatTimeoutMs,
      fetch: globalThis.fetch,
      now: () => config.now().getTime(),
      accessTokenCache: deps.shared.accessTokenCache,
    }),
  );
  return createWechatApps(clients, { unknownToFallback: deps.emulated && config.mode === 'development' });
}

interface AppParts {
  storage: Storage;
  apps: WechatApps;
  emulator: EmulatorMount | null;
  draining: () => boolean;
}

/** Sweeps uploads no row refers to, then builds the Fastify app on the opened storage. */
async function buildServerApp(config: StartConfig, { storage, apps, emulator, draining }: AppParts): Promise<FastifyInstance> {
  const { db, readNow, resources, shared } = storage;
  const uploads = shared.uploads ?? createUploadStore(path.join(config.dataDir, 'uploads'));
  const now = config.now;
  await sweepOrphanUploads(db, uploads, now());
  return buildApp({
    db,
    readNow,
    tokenTtlSeconds: config.ttlSeconds,
    linkByUnionid: config.linking,
    now,
    apps,
    uploads,
    emulator: emulator?.routes ?? null,
    health: { checks: resources.checks, draining, timeoutMs: config.healthTimeoutMs },
    push:
      config.push === null
        ? null
        : {
            receiver: createPushReceiver({ config: config.push, servesAppid: (appid) => apps.get(appid) !== undefined, now: () => now().getTime() }),
            replays: shared.replayGuard ?? createReplayGuard(() => now().getTime()),
          },
    loginRateLimit: config.loginRateLimit,
    phoneRateLimit: config.phoneRateLimit,
    rateLimitStore: shared.rateLimitStore,
    publicUrl: config.publicUrl,
    timeouts: config.timeouts,
    trustProxy: config.trustProxy,
    log: config.logging ? { sink: config.logSink } : false,
  });
}

/** Listens; on failure closes the app and everything opened, so the port and the database are free again. */
async function listen(app: FastifyInstance, resources: Resources, config: StartConfig): Promise<number> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await resources.closeAll();
    throw error;
  }
  return (app.server.address() as AddressInfo).port;
}

/** close() and the graceful drain(): health turns 503 first, so a load balancer stops sending while requests finish. */
function shutdown(app: FastifyInstance, resources: Resources, deps: { shutdownTimeoutMs: number; startDraining: () => void }): Pick<RunningServer, 'close' | 'drain'> {
  const close = async (): Promise<void> => {
    await app.close();
    await resources.closeAll();
  };
  return {
    close,
    async drain(timeoutMs = deps.shutdownTimeoutMs) {
      deps.startDraining();
      app.log.info({ timeoutMs }, 'shutdown: draining (health answers 503, no new connections)');
      const outcome = await drainHttpServer(app.server, { timeoutMs });
      if (outcome === 'forced') app.log.warn({ timeoutMs }, 'shutdown: requests still in flight were cut off');
      else app.log.info('shutdown: every request answered');
      await close();
      return outcome;
    },
  };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = readStartConfig(options);
  // Imported only when used: a production process never loads the emulator's code.
  const emulatorModule = config.realApps === null ? await import('./emulator/mount') : null;
  const appCredentials = config.realApps ?? emulatorModule?.EMULATOR_CREDENTIALS ?? [];
  const defaultAppid = appCredentials[0]?.appid ?? '';
  const storage = await openStorage(config, defaultAppid);
  const { resources, shared } = storage;

  let ownUrl = '';
  const emulator =
    emulatorModule?.mountEmulator({
      dataDir: config.dataDir,
      mode: config.mode === 'development' ? 'development' : 'test',
      now: config.now,
      push: config.configuredPush ?? emulatorPushConfig(),
      defaultAppid,
      serverUrl: () => ownUrl,
    }) ?? null;
  if (emulator !== null) resources.onClose(emulator.flush);
  const apps = wechatApps(config, appCredentials, { emulated: emulator !== null, ownUrl: () => ownUrl, shared });
  let draining = false;
  const app = await closingOnFailure(resources, () => buildServerApp(config, { storage, apps, emulator, draining: () => draining }));
  shared.useLog(app.log);

  const port = await listen(app, resources, config);
  // The emulator is served by this same server; WECHAT_API_BASE only applies to the real WeChat.
  ownUrl = `http://${selfHost(config.host)}:${port}`;
  return {
    url: ownUrl,
    port,
    emulatorUrl: emulator === null ? null : `${ownUrl}/__wechat`,
    db: storage.db,
    ...shutdown(app, resources, {
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      startDraining: () => {
        draining = true;
      },
    }),
  };
}
