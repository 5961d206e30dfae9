import Redis from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { PUSH_REPLAY_KEY_PREFIX } from '../../server/redis/replay-guard';
import type { Database, RunningServer } from '../../server/start';
import { REPLAY_WINDOW_MS } from '../../server/wechat/push';
import { refuseStatements } from './support/db-faults';
import { authed, errorCode, field, http, waitFor } from './support/harness';
import { loginAt, mintCode, newUser, postPush, sealedPush, startSharedInstances, wechatEvent, type SealedPush, type SharedInstances } from './support/shared-instances';

jest.setTimeout(60_000);

/**
 * A push is acted on once across the instances: WeChat's retry or a replay reaching another instance is
 * answered 'success' and changes nothing; while one instance handles it, another answers 503 (WeChat retries).
 */
let shared: SharedInstances;
let redis: Redis;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  shared = await startSharedInstances();
  redis = new Redis(shared.redis.url);
  a = await shared.start();
  b = await shared.start();
});

afterAll(async () => {
  await redis?.quit();
  await shared?.dispose();
});

const meStatus = async (server: RunningServer, token: string) => (await http(`${server.url}/api/user/me`, authed(token))).status;

/** The push's key in Redis (its nonce is random, so one key matches). */
async function replayKeys(push: SealedPush): Promise<string[]> {
  return redis.keys(`${PUSH_REPLAY_KEY_PREFIX}*:${push.query.nonce ?? ''}:*`);
}

async function userIdOf(openid: string): Promise<number> {
  const row = await a.db.selectFrom('identities').select('user_id').where('openid', '=', openid).executeTakeFirstOrThrow();
  return row.user_id;
}

/** Holds the user's row locked (SELECT … FOR UPDATE) until the returned function is called: a push deleting it waits. */
async function lockUserRow(db: Kysely<Database>, userId: number): Promise<() => Promise<void>> {
  let unlock = () => undefined as void;
  const unlocked = new Promise<void>((resolve) => {
    unlock = resolve;
  });
  let locked = false;
  const transaction = db.transaction().execute(async (trx) => {
    await sql`select id from users where id = ${userId} for update`.execute(trx);
    locked = true;
    await unlocked;
  });
  await Promise.race([waitFor(() => locked), transaction]);
  return async () => {
    unlock();
    await transaction;
  };
}

test('a cancellation acted on through one instance and replayed to the other acts once: the new login stays', async () => {
  const first = await newUser(a, shared.emulator);
  const push = sealedPush(wechatEvent(first.openid, 'user_authorization_cancellation'));
  expect((await postPush(a, push)).text).toBe('success');
  expect(await meStatus(b, first.token)).toBe(401);

  // The user comes back after the first push: a new account, a new token.
  const again = await loginAt(b, await mintCode(shared.emulator, first.openid));
  expect(field<boolean>(again.body, 'isNew')).toBe(true);
  const token = field<string>(again.body, 'token');
  const replay = await postPush(b, push);
  expect(replay.status).toBe(200);
  expect(replay.text).toBe('success');
  expect(await meStatus(a, token)).toBe(200);

  // Remembered in Redis for the window (twice the ±5-minute freshness), then Redis lets it go.
  const [key] = await replayKeys(push);
  expect(await redis.get(key ?? '')).toBe('acted');
  const ttl = await redis.pttl(key ?? '');
  expect(ttl).toBeGreaterThan(REPLAY_WINDOW_MS - 60_000);
  expect(ttl).toBeLessThanOrEqual(REPLAY_WINDOW_MS);
});

test('a push whose handling failed is not remembered: the retry through the other instance acts', async () => {
  const user = await newUser(a, shared.emulator);
  const push = sealedPush(wechatEvent(user.openid, 'user_authorization_cancellation'));
  await refuseStatements(a.db, 'postgres', { table: 'users', statement: 'delete' }, true);
  try {
    const failed = await postPush(a, push);
    expect(failed.status).toBe(500);
    expect(errorCode(failed)).toBe('INTERNAL_ERROR');
  } finally {
    await refuseStatements(a.db, 'postgres', { table: 'users', statement: 'delete' }, false);
  }
  expect(await meStatus(b, user.token)).toBe(200);
  expect(await replayKeys(push)).toEqual([]);
  expect((await postPush(b, push)).text).toBe('success');
  expect(await meStatus(b, user.token)).toBe(401);
});

test('while one instance handles a push, the same push at the other is answered 503 (WeChat retries), then success', async () => {
  const user = await newUser(a, shared.emulator);
  const push = sealedPush(wechatEvent(user.openid, 'user_authorization_cancellation'));
  const unlock = await lockUserRow(b.db, await userIdOf(user.openid));
  let handling: Promise<unknown> = Promise.resolve();
  try {
    const first = postPush(a, push);
    handling = first;
    await waitFor(async () => (await replayKeys(push)).length === 1);
    const during = await postPush(b, push);
    expect(during.status).toBe(503);
    expect(errorCode(during)).toBe('UNAVAILABLE');
    await unlock();
    expect((await first).text).toBe('success');
  } finally {
    await unlock();
    await handling.catch(() => undefined);
  }
  expect(await meStatus(b, user.token)).toBe(401);
  const retry = await postPush(b, push);
  expect(retry.status).toBe(200);
  expect(retry.text).toBe('success');
});
