import path from 'node:path';
import { linkByUnionid, wechatAppsConfig, type AppCredentials } from './apps-config';
import { DEFAULT_TIMEOUTS, type ServerTimeouts } from './http-server';
import type { LogSink } from './logging';
import { DEFAULT_LOGIN_RATE_LIMIT, DEFAULT_PHONE_RATE_LIMIT, DEFAULT_TOKEN_TTL_SECONDS } from './plugin';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './production/drain';
import { productionRefusal } from './production/refusals';
import { emulatorPushConfig, pushConfig } from './push-config';
import { DEFAULT_HEALTH_TIMEOUT_MS } from './routes/health';
import { sharedStateConfig, type SharedStateConfig } from './shared-state-config';
import type { StartOptions } from './start';
import type { PushConfig } from './wechat/push';

/** Everything startServer needs, with each option given, else read from the environment, else defaulted. */
export interface StartConfig {
  env: NodeJS.ProcessEnv;
  mode: 'development' | 'test' | 'production';
  now: () => Date;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  ttlSeconds: number;
  loginRateLimit: { max: number; windowMs: number };
  phoneRateLimit: { max: number; windowMs: number };
  logging: boolean;
  shutdownTimeoutMs: number;
  /** The real mini-programs; null: none are set, the emulator stands in for WeChat. */
  realApps: AppCredentials[] | null;
  publicUrl: string | undefined;
  linking: boolean;
  /** The push settings the environment gives, if any: the emulator signs its pushes with these too. */
  configuredPush: PushConfig | null;
  /** The push settings the server's push route checks; null: no push route. */
  push: PushConfig | null;
  sharedConfig: SharedStateConfig;
  trustProxy: boolean | string;
  /** Timeout of each WeChat API call. */
  wechatTimeoutMs: number;
  healthTimeoutMs: number;
  timeouts: ServerTimeouts;
  logSink: LogSink | undefined;
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
function trustProxySetting(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}

function rateLimits(options: StartOptions, env: NodeJS.ProcessEnv): Pick<StartConfig, 'loginRateLimit' | 'phoneRateLimit'> {
  return {
    loginRateLimit: options.loginRateLimit ?? {
      max: nonNegativeInt(env.LOGIN_RATE_LIMIT_MAX, 'LOGIN_RATE_LIMIT_MAX') ?? DEFAULT_LOGIN_RATE_LIMIT.max,
      windowMs: nonNegativeInt(env.LOGIN_RATE_LIMIT_WINDOW_MS, 'LOGIN_RATE_LIMIT_WINDOW_MS') ?? DEFAULT_LOGIN_RATE_LIMIT.windowMs,
    },
    phoneRateLimit: options.phoneRateLimit ?? {
      max: positiveInt(env.PHONE_RATE_LIMIT_MAX, 'PHONE_RATE_LIMIT_MAX') ?? DEFAULT_PHONE_RATE_LIMIT.max,
      windowMs: positiveInt(env.PHONE_RATE_LIMIT_WINDOW_MS, 'PHONE_RATE_LIMIT_WINDOW_MS') ?? DEFAULT_PHONE_RATE_LIMIT.windowMs,
    },
  };
}

/** Reads and checks the whole configuration before anything is opened, so a bad value fails the start cleanly. */
export function readStartConfig(options: StartOptions): StartConfig {
  const env = options.env ?? process.env;
  const mode = options.mode ?? 'development';
  const port = options.port ?? nonNegativeInt(env.PORT, 'PORT') ?? 3000;
  const host = options.host ?? env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir ?? env.DATA_DIR ?? './data');
  const databaseUrl = options.databaseUrl ?? (env.DATABASE_URL || undefined);
  const ttlSeconds = options.tokenTtlSeconds ?? positiveInt(env.TOKEN_TTL, 'TOKEN_TTL') ?? DEFAULT_TOKEN_TTL_SECONDS;
  const { loginRateLimit, phoneRateLimit } = rateLimits(options, env);
  const shutdownTimeoutMs = positiveInt(env.SHUTDOWN_TIMEOUT_MS, 'SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const realApps = wechatAppsConfig(env);
  const publicUrl = publicBaseUrl(env.PUBLIC_URL);
  if (mode === 'production') {
    const refusal = productionRefusal({ wechatApps: realApps !== null, publicUrl, databaseUrl });
    if (refusal !== null) throw new Error(refusal);
  }
  const configuredPush = pushConfig(env);
  return {
    env,
    mode,
    now: options.now ?? (() => new Date()),
    port,
    host,
    dataDir,
    databaseUrl,
    ttlSeconds,
    loginRateLimit,
    phoneRateLimit,
    logging: options.logger ?? (mode !== 'test'),
    shutdownTimeoutMs,
    realApps,
    publicUrl,
    linking: linkByUnionid(env.LINK_BY_UNIONID),
    configuredPush,
    // Without settings there is no push route, except with the emulator: its development settings make pushes work
    // in development and tests.
    push: configuredPush ?? (realApps === null ? emulatorPushConfig() : null),
    sharedConfig: sharedStateConfig(env),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    wechatTimeoutMs: options.wechatTimeoutMs ?? 5000,
    healthTimeoutMs: options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    logSink: options.logSink,
  };
}
