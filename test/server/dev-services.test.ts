import { existsSync } from 'node:fs';
import net from 'node:net';
import Redis from 'ioredis';
import { startRedisServer } from '../../server/dev/redis-server';
import { startS3Server } from '../../server/dev/s3-server';

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('throwaway services for tests and the benchmark', () => {
  test('redis-server answers on loopback, saves nothing, and stop() removes it', async () => {
    const redis = await startRedisServer();
    try {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      const [, dir] = (await client.config('GET', 'dir')) as string[];
      expect(existsSync(dir)).toBe(true);
      await client.quit();
      await redis.stop();
      expect(existsSync(dir)).toBe(false);
      expect(await refusesConnections(redis.port)).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  test('redis-server that cannot start is a clear error, not a hang', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(/ENOENT/);
  });

  test('the S3 server has its bucket, serves objects anonymously at publicUrl, and stop() closes it', async () => {
    const s3 = await startS3Server({ bucket: 'pics' });
    try {
      expect(s3.publicUrl).toBe(`${s3.endpoint}/pics`);
      const listing = await fetch(`${s3.endpoint}/pics`);
      expect(listing.status).toBe(200);
      expect(await listing.text()).toContain('<Name>pics</Name>');
      expect((await fetch(`${s3.publicUrl}/missing.png`)).status).toBe(404);
    } finally {
      await s3.stop();
    }
    expect(await refusesConnections(Number(new URL(s3.endpoint).port))).toBe(true);
  });

  test('an S3 bucket name S3 would refuse is refused before anything starts', async () => {
    await expect(startS3Server({ bucket: 'ab' })).rejects.toThrow('not a valid S3 bucket name: ab');
    await expect(startS3Server({ bucket: 'Avatars' })).rejects.toThrow('not a valid S3 bucket name: Avatars');
  });
});
