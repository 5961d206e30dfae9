/// <reference path="./rate-limit-stores.d.ts" />
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore';
import RedisStore from '@fastify/rate-limit/store/RedisStore';
import type Redis from 'ioredis';

/** Keys of the counters in Redis: `<namespace><method><route>-<client or user>`. */
export const RATE_LIMIT_NAMESPACE = 'mplogin:rate-limit:';

type Incr = Parameters<FastifyRateLimitStore['incr']>;

/**
 * Counts in Redis, so every instance sees the same counter. While Redis does not answer, the count goes on in
 * this process (as without Redis): the limits hold per instance rather than failing the login open, and no
 * request fails because of Redis.
 */
class SharedRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly shared: FastifyRateLimitStore,
    private readonly local: FastifyRateLimitStore,
    private readonly onRedisError: (error: Error) => void,
  ) {}

  incr(key: Incr[0], callback: Incr[1], timeWindow: Incr[2], max: Incr[3]): void {
    this.shared.incr(
      key,
      (error, result) => {
        if (error === null) {
          callback(null, result);
          return;
        }
        this.onRedisError(error);
        this.local.incr(key, callback, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    return new SharedRateLimitStore(this.shared.child(routeOptions), this.local.child(routeOptions), this.onRedisError);
  }
}

/**
 * @fastify/rate-limit's `store` option over `redis`, falling back to this process while Redis is away. The
 * routes' own stores are children, which take continueExceeding and exponentialBackoff from the route.
 */
export function sharedRateLimitStore(redis: Redis, onRedisError: (error: Error) => void): FastifyRateLimitStoreCtor {
  return class extends SharedRateLimitStore {
    constructor() {
      super(new RedisStore(false, false, redis, RATE_LIMIT_NAMESPACE), new LocalStore(false, false), onRedisError);
    }
  };
}
