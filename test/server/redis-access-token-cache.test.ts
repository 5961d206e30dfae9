import { ACCESS_TOKEN_LOCK_PREFIX, createRedisAccessTokenCache } from '../../server/redis/access-token-cache';
import { createAccessTokens, type FetchedAccessToken } from '../../server/wechat/access-token';
import { waitFor } from './support/harness';
import { useThrowawayRedis, withRedisGone } from './support/redis';
import { deferred } from '../support/deferred';

jest.setTimeout(30_000);

const APPID = 'wx-shared';
const LOCK = `${ACCESS_TOKEN_LOCK_PREFIX}${APPID}`;

const { connection } = useThrowawayRedis();

describe('the access_token cache in Redis', () => {
  test('instances on separate connections share one refresh and then the cached token', async () => {
    const pending = deferred<FetchedAccessToken>();
    const fetchToken = jest.fn((_force: boolean) => pending.promise);
    const instances = await Promise.all(
      [1, 2, 3].map(async () => createAccessTokens({ appid: APPID, cache: createRedisAccessTokenCache({ redis: await connection(), now: Date.now }), fetchToken, now: Date.now })),
    );
    const waiting = Promise.all(instances.flatMap((tokens) => [tokens.get(), tokens.get()]));
    await waitFor(() => fetchToken.mock.calls.length === 1);
    pending.resolve({ accessToken: 'T1', expiresInSeconds: 7200 });
    expect(await waiting).toEqual(['T1', 'T1', 'T1', 'T1', 'T1', 'T1']);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    // The lock is released by its holder once the token is stored.
    expect(await (await connection()).exists(LOCK)).toBe(0);
  });

  test('a holder that dies holding the lock lets it expire; a waiting instance then refreshes', async () => {
    const lockTtlMs = 400;
    const dying = await connection();
    const holderRefresh = deferred<string>();
    const holder = createRedisAccessTokenCache({ redis: dying, now: Date.now, lockTtlMs });
    const held = holder.lock?.(APPID, () => holderRefresh.promise);
    const watcher = await connection();
    await waitFor(async () => (await watcher.exists(LOCK)) === 1);
    // The process dies: its connection goes, its refresh never finishes, it never releases.
    dying.disconnect();
    void held?.catch(() => undefined);

    const fetchToken = jest.fn(async () => ({ accessToken: 'T-after', expiresInSeconds: 7200 }));
    const survivor = createAccessTokens({
      appid: APPID,
      cache: createRedisAccessTokenCache({ redis: await connection(), now: Date.now, lockTtlMs }),
      fetchToken,
      now: Date.now,
    });
    const got = survivor.get();
    // While the dead holder's lock lives, the survivor waits instead of calling stable_token.
    expect(await watcher.pttl(LOCK)).toBeGreaterThan(0);
    expect(fetchToken).not.toHaveBeenCalled();
    expect(await got).toBe('T-after');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  test("a holder whose lock expired does not release the next holder's lock", async () => {
    const lockTtlMs = 300;
    const slowRefresh = deferred<string>();
    const slow = createRedisAccessTokenCache({ redis: await connection(), now: Date.now, lockTtlMs });
    const slowDone = slow.lock?.(APPID, () => slowRefresh.promise);
    const watcher = await connection();
    await waitFor(async () => (await watcher.exists(LOCK)) === 1);
    const firstHolder = await watcher.get(LOCK);

    const nextRefresh = deferred<string>();
    const next = createRedisAccessTokenCache({ redis: await connection(), now: Date.now, lockTtlMs: 10_000 });
    let nextRunning = false;
    const nextDone = next.lock?.(APPID, () => {
      nextRunning = true;
      return nextRefresh.promise;
    });
    await waitFor(() => nextRunning);
    const secondHolder = await watcher.get(LOCK);
    expect(secondHolder).not.toBe(firstHolder);

    slowRefresh.resolve('late');
    expect(await slowDone).toBe('late');
    expect(await watcher.get(LOCK)).toBe(secondHolder);
    nextRefresh.resolve('next');
    expect(await nextDone).toBe('next');
    expect(await watcher.exists(LOCK)).toBe(0);
  });

  test('the token expires in Redis with its own lifetime', async () => {
    const redis = await connection();
    const cache = createRedisAccessTokenCache({ redis, now: Date.now });
    await cache.set(APPID, 'T', Date.now() + 60_000);
    expect(await cache.get(APPID)).toEqual({ token: 'T', expiresAt: expect.any(Number) });
    const ttl = await redis.pttl(`mplogin:access-token:${APPID}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('while Redis does not answer', () => {
  test('the cache and its lock fall back to this process, and report the outage', async () => {
    const failures: unknown[] = [];
    await withRedisGone(async (redis) => {
      const fetchToken = jest.fn(async () => ({ accessToken: 'T-local', expiresInSeconds: 7200 }));
      const tokens = createAccessTokens({
        appid: APPID,
        cache: createRedisAccessTokenCache({ redis, now: Date.now, onRedisError: (error) => failures.push(error) }),
        fetchToken,
        now: Date.now,
      });
      expect(await Promise.all([tokens.get(), tokens.get()])).toEqual(['T-local', 'T-local']);
      expect(await tokens.get()).toBe('T-local');
      expect(fetchToken).toHaveBeenCalledTimes(1);
    });
    expect(failures.length).toBeGreaterThan(0);
  });
});
