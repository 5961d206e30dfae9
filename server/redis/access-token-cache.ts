import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { createMemoryAccessTokenCache, type AccessTokenCache, type CachedAccessToken } from '../wechat/access-token';
import { releaseHeldKey } from './held-key';

export const ACCESS_TOKEN_KEY_PREFIX = 'mplogin:access-token:';
export const ACCESS_TOKEN_LOCK_PREFIX = 'mplogin:access-token-lock:';

/**
 * Longer than a refresh can take (a 5 s stable_token call, retried once when WeChat is busy), so a live holder
 * keeps it; a holder that dies holding it lets it go after this long.
 */
export const DEFAULT_LOCK_TTL_MS = 15_000;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 250;

export interface RedisAccessTokenCacheDeps {
  redis: Redis;
  /** Milliseconds since the epoch, for the key's expiry in Redis. */
  now: () => number;
  lockTtlMs?: number;
  /** Redis did not answer: the cache went on in this process. */
  onRedisError?: (error: unknown) => void;
}

function parseCached(value: string | null): CachedAccessToken | null {
  if (value === null) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { token, expiresAt } = parsed as Record<string, unknown>;
    return typeof token === 'string' && typeof expiresAt === 'number' ? { token, expiresAt } : null;
  } catch {
    return null;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The access_token cache shared by every instance on one Redis, with the refresh lock (SET NX PX): one
 * instance calls stable_token, the others wait for the lock (polling with a bounded backoff) and then find
 * the new token in the cache. While Redis does not answer, each instance keeps and refreshes its own token in
 * memory: stable_token hands every caller the same token, so that costs a few extra calls, never a token.
 */
export function createRedisAccessTokenCache(deps: RedisAccessTokenCacheDeps): AccessTokenCache {
  const lockTtlMs = deps.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  const local = createMemoryAccessTokenCache();
  const redisFailed = deps.onRedisError ?? (() => undefined);

  /** Resolves with our lock's value once we hold it, or null when Redis does not answer or we waited too long. */
  async function acquire(key: string): Promise<string | null> {
    const holder = randomBytes(16).toString('hex');
    // A dead holder's lock expires within lockTtlMs; waiting twice that means Redis is not behaving, and one
    // more refresh beats a failed request.
    const deadline = deps.now() + 2 * lockTtlMs;
    let wait = FIRST_POLL_MS;
    for (;;) {
      try {
        if ((await deps.redis.set(key, holder, 'PX', lockTtlMs, 'NX')) === 'OK') return holder;
      } catch (error) {
        redisFailed(error);
        return null;
      }
      if (deps.now() >= deadline) return null;
      await pause(wait);
      wait = Math.min(wait * 2, MAX_POLL_MS);
    }
  }

  return {
    async get(appid) {
      try {
        return parseCached(await deps.redis.get(`${ACCESS_TOKEN_KEY_PREFIX}${appid}`));
      } catch (error) {
        redisFailed(error);
        return local.get(appid);
      }
    },

    async set(appid, token, expiresAt) {
      await local.set(appid, token, expiresAt);
      try {
        const lifeMs = Math.max(1, Math.ceil(expiresAt - deps.now()));
        await deps.redis.set(`${ACCESS_TOKEN_KEY_PREFIX}${appid}`, JSON.stringify({ token, expiresAt }), 'PX', lifeMs);
      } catch (error) {
        redisFailed(error);
      }
    },

    async lock(appid, refresh) {
      const key = `${ACCESS_TOKEN_LOCK_PREFIX}${appid}`;
      const holder = await acquire(key);
      try {
        return await refresh();
      } finally {
        if (holder !== null) await releaseHeldKey(deps.redis, key, holder).catch(redisFailed);
      }
    },
  };
}
