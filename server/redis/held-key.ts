import type Redis from 'ioredis';

/** Deletes the key only if it still holds our value: a holder whose claim expired must not end the next holder's. */
const DELETE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Gives back a key taken with SET NX PX: deleted if `holder` still holds it, left alone otherwise. */
export async function releaseHeldKey(redis: Redis, key: string, holder: string): Promise<void> {
  await redis.eval(DELETE_IF_HELD, 1, key, holder);
}
