import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type Redis from 'ioredis';
import type { Resources } from './resources';
import type { SharedStateConfig } from './shared-state-config';
import type { UploadStore } from './uploads/store';
import type { AccessTokenCache } from './wechat/access-token';
import type { ReplayGuard } from './wechat/push';

export interface SharedStateLog {
  warn(details: { err: unknown }, message: string): void;
  info(message: string): void;
}

/** What several instances share, or undefined for each part that stays in this process. */
export interface SharedState {
  uploads: UploadStore | undefined;
  accessTokenCache: AccessTokenCache | undefined;
  rateLimitStore: FastifyRateLimitStoreCtor | undefined;
  /** Which WeChat pushes were acted on, so a replay reaching any instance acts once. */
  replayGuard: ReplayGuard | undefined;
  /** Where Redis outages are reported, once the server's logger exists. */
  useLog(log: SharedStateLog): void;
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
    log?.info('Redis answers again: rate limits, the access_token and push replays are shared again');
  });
  return {
    useLog(next: SharedStateLog) {
      log = next;
    },
    failed(err: unknown) {
      if (down) return;
      down = true;
      log?.warn({ err }, 'Redis does not answer: rate limits, the access_token and push replays fall back to this process');
    },
  };
}

/** Imported only when configured: a server without REDIS_URL or S3_* never loads ioredis or the AWS SDK. */
async function openRedis(url: string, now: () => number) {
  const [{ closeRedis, connectRedis }, { createRedisAccessTokenCache }, { sharedRateLimitStore }, { createRedisReplayGuard }] = await Promise.all([
    import('./redis/connection'),
    import('./redis/access-token-cache'),
    import('./redis/rate-limit-store'),
    import('./redis/replay-guard'),
  ]);
  const redis = await connectRedis(url);
  const outage = outageReporter(redis);
  return {
    redis,
    close: () => closeRedis(redis),
    useLog: outage.useLog,
    accessTokenCache: createRedisAccessTokenCache({ redis, now, onRedisError: outage.failed }),
    rateLimitStore: sharedRateLimitStore(redis, outage.failed),
    replayGuard: createRedisReplayGuard({ redis, now, onRedisError: outage.failed }),
  };
}

/**
 * Connects what the environment configures (REDIS_URL, S3_*) and checks it answers; nothing when unset. Each
 * connection is registered for shutdown as soon as it exists, Redis also for /api/health.
 */
export async function openSharedState(
  config: SharedStateConfig,
  deps: { now: () => number; resources: Pick<Resources, 'check' | 'onClose'> },
): Promise<SharedState> {
  const uploads = config.s3 === null ? undefined : (await import('./uploads/s3-store')).createS3UploadStore(config.s3);
  if (uploads !== undefined) {
    deps.resources.onClose(async () => uploads.close());
    await uploads.check();
  }
  const shared = config.redisUrl === null ? undefined : await openRedis(config.redisUrl, deps.now);
  if (shared !== undefined) {
    deps.resources.onClose(shared.close);
    deps.resources.check('redis', () => shared.redis.ping());
  }
  return {
    uploads,
    accessTokenCache: shared?.accessTokenCache,
    rateLimitStore: shared?.rateLimitStore,
    replayGuard: shared?.replayGuard,
    useLog: (log) => shared?.useLog(log),
  };
}
