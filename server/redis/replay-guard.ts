import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { createReplayGuard, REPLAY_CLAIM_TTL_MS, REPLAY_WINDOW_MS, type ReplayGuard, type ReplayGuardTimes } from '../wechat/push';
import { releaseHeldKey } from './held-key';

/** Keys of the pushes claimed or acted on: `<prefix><timestamp>:<nonce>:<signature>`. */
export const PUSH_REPLAY_KEY_PREFIX = 'mplogin:push-replay:';

/** The value of a push acted on; a claim in flight holds its handler's random id instead. */
const ACTED = 'acted';

/** SET NX PX in one step with the answer to "who holds it then": nil when we claimed it, else the value held. */
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return false end return redis.call('GET', KEYS[1])`;

export interface RedisReplayGuardDeps extends ReplayGuardTimes {
  redis: Redis;
  /** The clock of the guard in this process, used while Redis does not answer. */
  now: () => number;
  /** Redis did not answer: the guard went on in this process. */
  onRedisError?: (error: unknown) => void;
}

/**
 * The replay guard shared by every instance on one Redis: a push is claimed with SET NX, given back (DEL, if
 * still ours) when handling fails, and marked acted for the window. While Redis does not answer, each instance
 * guards on its own (a replay reaching another instance then acts again: each outcome is a state, so that
 * repeats it rather than doing more); nothing fails because of Redis.
 */
export function createRedisReplayGuard(deps: RedisReplayGuardDeps): ReplayGuard {
  const windowMs = deps.windowMs ?? REPLAY_WINDOW_MS;
  const claimTtlMs = deps.claimTtlMs ?? REPLAY_CLAIM_TTL_MS;
  const local = createReplayGuard(deps.now, { windowMs, claimTtlMs });
  const redisFailed = deps.onRedisError ?? (() => undefined);

  return {
    async claim(key) {
      const redisKey = `${PUSH_REPLAY_KEY_PREFIX}${key}`;
      const holder = randomBytes(16).toString('hex');
      let held: unknown;
      try {
        held = await deps.redis.eval(CLAIM, 1, redisKey, holder, claimTtlMs);
      } catch (error) {
        redisFailed(error);
        return local.claim(key);
      }
      if (held === ACTED) return { status: 'acted' };
      if (held !== null) return { status: 'in-flight' };
      return {
        status: 'claimed',
        // Redis gone meanwhile: the claim expires by itself, and a replay after that acts again (idempotently).
        acted: () => deps.redis.set(redisKey, ACTED, 'PX', windowMs).then(() => undefined, redisFailed),
        failed: () => releaseHeldKey(deps.redis, redisKey, holder).catch(redisFailed),
      };
    },
  };
}
