import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type Redis from 'ioredis';
import { createRedisAccessTokenCache } from './redis/access-token-cache';
import { connectRedis, redisAnswers } from './redis/connection';
import { sharedRateLimitStore } from './redis/rate-limit-store';
import type { SharedStateConfig } from './shared-state-config';
import { createS3UploadStore } from './uploads/s3-store';
import type { UploadStore } from './uploads/store';
import type { AccessTokenCache } from './wechat/access-token';

export interface SharedStateLog {
  warn(details: { err: unknown }, message: string): void;
  info(message: string): void;
}

/** A dependency /api/health reports on. */
export interface HealthCheck {
  name: string;
  check(): Promise<boolean>;
}

/** What several instances share, or undefined for each part that stays in this process. */
export interface SharedState {
  uploads: UploadStore | undefined;
  accessTokenCache: AccessTokenCache | undefined;
  rateLimitStore: FastifyRateLimitStoreCtor | undefined;
  healthChecks: HealthCheck[];
  /** Where Redis outages are reported, once the server's logger exists. */
  useLog(log: SharedStateLog): void;
  close(): Promise<void>;
}

/**
 * Reports an outage once when it starts and once when Redis answers again, not on every request that fell
 * back to this process meanwhile.
 */
function outageReporter(redis: Redis) {
  let log: SharedStateLog | null = null;
  let down = false;
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log?.info('Redis answers again: rate limits and the access_token are shared again');
  });
  return {
    useLog(next: SharedStateLog) {
      log = next;
    },
    failed(err: unknown) {
      if (down) return;
      down = true;
      log?.warn({ err }, 'Redis does not answer: rate limits and the access_token fall back to this process');
    },
  };
}

async function openRedis(url: string, now: () => number) {
  const redis = await connectRedis(url);
  const outage = outageReporter(redis);
  return {
    redis,
    useLog: outage.useLog,
    accessTokenCache: createRedisAccessTokenCache({ redis, now, onRedisError: outage.failed }),
    rateLimitStore: sharedRateLimitStore(redis, outage.failed),
  };
}

/** Connects what the environment configures (REDIS_URL, S3_*) and checks it answers; nothing when unset. */
export async function openSharedState(config: SharedStateConfig, deps: { now: () => number }): Promise<SharedState> {
  const uploads = config.s3 === null ? undefined : createS3UploadStore(config.s3);
  try {
    await uploads?.check();
    const shared = config.redisUrl === null ? undefined : await openRedis(config.redisUrl, deps.now);
    return {
      uploads,
      accessTokenCache: shared?.accessTokenCache,
      rateLimitStore: shared?.rateLimitStore,
      healthChecks: shared === undefined ? [] : [{ name: 'redis', check: () => redisAnswers(shared.redis) }],
      useLog: (log) => shared?.useLog(log),
      async close() {
        uploads?.close();
        await shared?.redis.quit().catch(() => shared.redis.disconnect());
      },
    };
  } catch (error) {
    uploads?.close();
    throw error;
  }
}
