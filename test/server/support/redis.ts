import Redis from 'ioredis';
import { startRedisServer, type RedisServer } from '../../../server/dev/redis-server';
import { connectRedis } from '../../../server/redis/connection';
import { waitFor } from './harness';

/**
 * One redis-server for the file's tests: `connection()` opens one more instance's connection; after each test
 * they are closed and Redis is emptied.
 */
export function useThrowawayRedis(): { connection(): Promise<Redis> } {
  let server: RedisServer;
  const connections: Redis[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((redis) => redis.quit().catch(() => redis.disconnect())));
    const admin = new Redis(server.url);
    await admin.flushall();
    await admin.quit();
  });

  afterAll(async () => {
    await server.stop();
  });

  return {
    async connection() {
      const redis = await connectRedis(server.url);
      connections.push(redis);
      return redis;
    },
  };
}

/** Runs `use` with a connection whose Redis was stopped under it (its own Redis, not the file's). */
export async function withRedisGone(use: (redis: Redis) => Promise<void>): Promise<void> {
  const own = await startRedisServer();
  const redis = await connectRedis(own.url);
  try {
    await own.stop();
    await waitFor(() => redis.status !== 'ready');
    await use(redis);
  } finally {
    redis.disconnect();
    await own.stop();
  }
}
