import { createRedisReplayGuard, PUSH_REPLAY_KEY_PREFIX } from '../../server/redis/replay-guard';
import { REPLAY_WINDOW_MS, type ReplayGuardTimes } from '../../server/wechat/push';
import { waitFor } from './support/harness';
import { useThrowawayRedis, withRedisGone } from './support/redis';
import { claimed } from './support/replays';

jest.setTimeout(30_000);

const KEY = '1700000000:nonce:signature';
const REDIS_KEY = `${PUSH_REPLAY_KEY_PREFIX}${KEY}`;

const { connection } = useThrowawayRedis();

/** One instance's guard, on its own connection. */
async function instance(times: ReplayGuardTimes = {}) {
  return createRedisReplayGuard({ redis: await connection(), now: Date.now, ...times });
}

describe('the replay guard in Redis', () => {
  test('of two instances claiming one push at once, one gets it; once acted on, both answer "acted" for the window', async () => {
    const [one, two] = [await instance(), await instance()];
    const claims = await Promise.all([one.claim(KEY), two.claim(KEY)]);
    expect(claims.map((claim) => claim.status).sort()).toEqual(['claimed', 'in-flight']);
    const winner = claims.find((claim) => claim.status === 'claimed');
    if (winner?.status !== 'claimed') throw new Error('no instance claimed the push');
    await winner.acted();
    expect(await one.claim(KEY)).toEqual({ status: 'acted' });
    expect(await two.claim(KEY)).toEqual({ status: 'acted' });
    const watcher = await connection();
    expect(await watcher.get(REDIS_KEY)).toBe('acted');
    const ttl = await watcher.pttl(REDIS_KEY);
    expect(ttl).toBeGreaterThan(REPLAY_WINDOW_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(REPLAY_WINDOW_MS);
  });

  test('a failed handling gives the claim back: the retry through the other instance is claimed', async () => {
    const [one, two] = [await instance(), await instance()];
    await (await claimed(one.claim(KEY))).failed();
    expect(await (await connection()).exists(REDIS_KEY)).toBe(0);
    await claimed(two.claim(KEY));
  });

  test('the acted mark expires with its window', async () => {
    const [one, two] = [await instance({ windowMs: 300 }), await instance({ windowMs: 300 })];
    await (await claimed(one.claim(KEY))).acted();
    expect(await two.claim(KEY)).toEqual({ status: 'acted' });
    const watcher = await connection();
    await waitFor(async () => (await watcher.exists(REDIS_KEY)) === 0);
    await claimed(two.claim(KEY));
  });

  test("a claim never settled (its instance died) expires; the late failed() does not free the next holder's claim", async () => {
    const [one, two] = [await instance({ claimTtlMs: 300 }), await instance({ claimTtlMs: 10_000 })];
    const stale = await claimed(one.claim(KEY));
    expect(await two.claim(KEY)).toEqual({ status: 'in-flight' });
    const watcher = await connection();
    await waitFor(async () => (await watcher.exists(REDIS_KEY)) === 0);
    await claimed(two.claim(KEY));
    await stale.failed();
    expect(await one.claim(KEY)).toEqual({ status: 'in-flight' });
  });
});

describe('while Redis does not answer', () => {
  test('the guard goes on in this process and reports the outage', async () => {
    const failures: unknown[] = [];
    await withRedisGone(async (redis) => {
      const replays = createRedisReplayGuard({ redis, now: Date.now, onRedisError: (error) => failures.push(error) });
      await (await claimed(replays.claim(KEY))).acted();
      expect(await replays.claim(KEY)).toEqual({ status: 'acted' });
      const failed = await claimed(replays.claim('another'));
      expect(await replays.claim('another')).toEqual({ status: 'in-flight' });
      await failed.failed();
      await claimed(replays.claim('another'));
    });
    expect(failures.length).toBeGreaterThan(0);
  });
});
