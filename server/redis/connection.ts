import Redis from 'ioredis';

/**
 * Deadlines of the shared connection. A command fails fast instead of queueing while Redis is away (the
 * callers fall back to this process), and the client keeps reconnecting in the background.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 2000;
const RECONNECT_MAX_DELAY_MS = 2000;
const DISCONNECT_TIMEOUT_MS = 100;

/** The address without its password, for error messages and logs. */
export function redactedRedisUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/**
 * Connects to REDIS_URL and resolves once it answers; a server that cannot reach its Redis at start-up is
 * misconfigured and does not start. Later connection errors (Redis restarting) are 'error' events, which the
 * client recovers from by itself.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
    // A connection to a Redis that is away is dropped at once on close, not kept open for ioredis's 2 s.
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
  });
  // Unheard, an 'error' event would be printed by ioredis; the commands that fail report the outage.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL: Redis at ${redactedRedisUrl(url)} does not answer (${reason})`);
  }
  return redis;
}

/** QUIT lets the commands in flight finish; a Redis that is away gets the connection dropped instead. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
