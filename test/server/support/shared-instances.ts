import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServer } from '../../../server/dev/redis-server';
import { startS3Server, type S3Server } from '../../../server/dev/s3-server';
import { startStandaloneEmulator, type StandaloneEmulator } from '../../../server/emulator/standalone';
import { EMULATOR_APPID, EMULATOR_SECRET, type WechatPath } from '../../../server/emulator/state';
import { EMULATOR_PUSH_AES_KEY, EMULATOR_PUSH_TOKEN } from '../../../server/push-config';
import { startServer, type RunningServer, type StartOptions } from '../../../server/start';
import { parseEncodingAesKey } from '../../../server/wechat/push-crypto';
import { sealPush, type PushMessage } from '../../../server/wechat/push';
import { field, http, jsonRequest, type HttpResult } from './harness';
import { provideDatabase, type TestDatabase } from './postgres';

/** The S3_* variables for the object store `s3` serves. */
export function s3Env(s3: S3Server): NodeJS.ProcessEnv {
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_PUBLIC_URL: s3.publicUrl,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

export interface SharedInstances {
  readonly redis: RedisServer;
  readonly s3: S3Server;
  /** One WeChat for every instance, as in production: it counts the stable_token calls of all of them. */
  readonly emulator: StandaloneEmulator;
  /** The environment every instance gets: WeChat at the emulator, REDIS_URL, S3_*, push settings. */
  env(): NodeJS.ProcessEnv;
  /** One more server process's worth, in this process: the same database, Redis and bucket, its own data dir. */
  start(overrides?: StartOptions): Promise<RunningServer>;
  /** Stops the instances started so far (not the services). */
  stopInstances(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Real services for the shared-state suites: PostgreSQL (one database), redis-server, the S3 server, and the
 * WeChat emulator on its own port; then as many server instances on them as a test wants.
 */
export async function startSharedInstances(): Promise<SharedInstances> {
  const cleanups: Array<() => Promise<void>> = [];
  const running: RunningServer[] = [];
  const dirs: string[] = [];
  try {
    const database: TestDatabase = await provideDatabase('postgres');
    cleanups.push(() => database.release());
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const s3 = await startS3Server();
    cleanups.push(() => s3.stop());
    const emulator = await startStandaloneEmulator();
    cleanups.push(() => emulator.close());
    const env = (): NodeJS.ProcessEnv => ({
      WECHAT_APPID: EMULATOR_APPID,
      WECHAT_SECRET: EMULATOR_SECRET,
      WECHAT_API_BASE: emulator.url,
      WECHAT_PUSH_TOKEN: EMULATOR_PUSH_TOKEN,
      WECHAT_PUSH_AES_KEY: EMULATOR_PUSH_AES_KEY,
      REDIS_URL: redis.url,
      ...s3Env(s3),
    });
    const stopInstances = async () => {
      await Promise.allSettled(running.splice(0).map((server) => server.close()));
    };
    return {
      redis,
      s3,
      emulator,
      env,
      async start(overrides = {}) {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shared-instance-'));
        dirs.push(dataDir);
        const server = await startServer({
          port: 0,
          mode: 'test',
          logger: false,
          databaseUrl: database.url,
          loginRateLimit: { max: 10_000, windowMs: 60_000 },
          dataDir,
          ...overrides,
          env: { ...env(), ...overrides.env },
        });
        running.push(server);
        return server;
      },
      stopInstances,
      async dispose() {
        await stopInstances();
        for (const cleanup of cleanups.reverse()) await cleanup();
        await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup();
    throw error;
  }
}

export async function stableTokenCalls(emulator: StandaloneEmulator): Promise<number> {
  const calls = await http(`${emulator.url}/control/calls`);
  return field<number>(calls.body, '/cgi-bin/stable_token' satisfies WechatPath);
}

export async function mintCode(emulator: StandaloneEmulator, openid?: string): Promise<string> {
  const minted = await http(`${emulator.url}/control/login-code`, jsonRequest('POST', openid === undefined ? {} : { openid }));
  return field<string>(minted.body, 'code');
}

export function loginAt(server: RunningServer, code: string): Promise<HttpResult> {
  return http(`${server.url}/api/auth/login`, jsonRequest('POST', { code }));
}

/** Logs in a new user through `server`: their token and openid. */
export async function newUser(server: RunningServer, emulator: StandaloneEmulator): Promise<{ token: string; openid: string }> {
  const openid = `o-${randomBytes(8).toString('hex')}`;
  const result = await loginAt(server, await mintCode(emulator, openid));
  if (result.status !== 200) throw new Error(`login: ${result.status} ${result.text}`);
  return { token: field<string>(result.body, 'token'), openid };
}

/** Binds a phone number with a fresh phone code: the call that needs the access_token. */
export async function bindPhone(server: RunningServer, emulator: StandaloneEmulator, user: { token: string; openid: string }): Promise<HttpResult> {
  const minted = await http(`${emulator.url}/control/phone-code`, jsonRequest('POST', { openid: user.openid, phoneNumber: '13800138000' }));
  return http(`${server.url}/api/user/phone`, jsonRequest('POST', { code: field<string>(minted.body, 'code') }, user.token));
}

/** WeChat's "authorized user information changes" event for the user of `openid`. */
export function wechatEvent(openid: string, Event: string, extra: PushMessage = {}): PushMessage {
  return { ToUserName: 'gh_shared', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event, OpenID: openid, ...extra };
}

export type SealedPush = ReturnType<typeof sealPush>;

/** The push as WeChat sends it to the instances' push settings (safe mode), to post once or replay. */
export function sealedPush(message: PushMessage): SealedPush {
  const config = { token: EMULATOR_PUSH_TOKEN, aesKey: parseEncodingAesKey(EMULATOR_PUSH_AES_KEY) };
  return sealPush(message, { config, appid: EMULATOR_APPID, toUserName: 'gh_shared', now: Date.now });
}

export function postPush(server: RunningServer, push: SealedPush): Promise<HttpResult> {
  return http(`${server.url}/api/wechat/push?${new URLSearchParams(push.query).toString()}`, jsonRequest('POST', push.body));
}
