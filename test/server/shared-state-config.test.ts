import { startS3Server, type S3Server } from '../../server/dev/s3-server';
import { S3_VARIABLES, sharedStateConfig } from '../../server/shared-state-config';
import { startScratchServer } from '../../server/dev/scratch-server';
import { freePort } from '../../server/dev/free-port';
import { s3Env } from './support/shared-instances';

jest.setTimeout(30_000);

const complete = {
  S3_ENDPOINT: 'https://cos.ap-shanghai.myqcloud.com',
  S3_BUCKET: 'avatars-1250000000',
  S3_REGION: 'ap-shanghai',
  S3_ACCESS_KEY_ID: 'AKID',
  S3_SECRET_ACCESS_KEY: 'not-echoed-secret',
  S3_PUBLIC_URL: 'https://avatars-1250000000.cos.ap-shanghai.myqcloud.com/',
};

describe('the shared-state variables', () => {
  test('none set: everything stays in this process', () => {
    expect(sharedStateConfig({})).toEqual({ redisUrl: null, s3: null });
  });

  test('a complete S3 set is read, the public URL without its trailing slash, virtual-hosted by default', () => {
    expect(sharedStateConfig(complete).s3).toEqual({
      endpoint: complete.S3_ENDPOINT,
      bucket: complete.S3_BUCKET,
      region: complete.S3_REGION,
      accessKeyId: 'AKID',
      secretAccessKey: 'not-echoed-secret',
      publicUrl: 'https://avatars-1250000000.cos.ap-shanghai.myqcloud.com',
      forcePathStyle: false,
    });
    expect(sharedStateConfig({ ...complete, S3_FORCE_PATH_STYLE: 'true' }).s3?.forcePathStyle).toBe(true);
  });

  test.each(S3_VARIABLES)('all or nothing: without %s the error names it', (name) => {
    const env: NodeJS.ProcessEnv = { ...complete, [name]: '' };
    expect(() => sharedStateConfig(env)).toThrow(`${name} is missing`);
  });

  test('the error names every missing one, and never prints a secret', () => {
    let message = '';
    try {
      sharedStateConfig({ S3_BUCKET: 'avatars', S3_SECRET_ACCESS_KEY: 'not-echoed-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_PUBLIC_URL are missing');
    expect(message).not.toContain('not-echoed-secret');
  });

  test('malformed values are refused with the variable named', () => {
    expect(() => sharedStateConfig({ ...complete, S3_BUCKET: 'ab' })).toThrow('S3_BUCKET is not a valid bucket name');
    expect(() => sharedStateConfig({ ...complete, S3_BUCKET: 'My_Bucket' })).toThrow('S3_BUCKET is not a valid bucket name');
    expect(() => sharedStateConfig({ ...complete, S3_ENDPOINT: 'cos.ap-shanghai.myqcloud.com' })).toThrow('S3_ENDPOINT must be an absolute http(s) URL');
    expect(() => sharedStateConfig({ ...complete, S3_PUBLIC_URL: '/avatars' })).toThrow('S3_PUBLIC_URL must be an absolute http(s) URL');
    expect(() => sharedStateConfig({ ...complete, S3_FORCE_PATH_STYLE: 'yes' })).toThrow('S3_FORCE_PATH_STYLE must be true or false');
    expect(() => sharedStateConfig({ S3_FORCE_PATH_STYLE: 'true' })).toThrow('S3_FORCE_PATH_STYLE is set but the S3_* object store is not');
  });

  test('REDIS_URL must be a redis:// or rediss:// URL, and a password in it is never echoed', () => {
    expect(sharedStateConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/0' }).redisUrl).toBe('rediss://:pw@cache.internal:6380/0');
    expect(() => sharedStateConfig({ REDIS_URL: 'http://:hunter2@cache:6379' })).toThrow(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/);
  });
});

describe('the server refuses to start on shared state it cannot use', () => {
  let s3: S3Server;

  beforeAll(async () => {
    s3 = await startS3Server();
  });

  afterAll(async () => {
    await s3?.stop();
  });

  test('a half-configured object store', async () => {
    const { S3_REGION: _region, ...env } = s3Env(s3);
    await expect(startScratchServer({ port: 0, mode: 'test', env })).rejects.toThrow('S3_REGION is missing');
  });

  test('a bucket that does not exist there', async () => {
    await expect(startScratchServer({ port: 0, mode: 'test', env: { ...s3Env(s3), S3_BUCKET: 'no-such-bucket' } })).rejects.toThrow(
      /^S3_BUCKET: bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ cannot be reached with these settings: NotFound \(HTTP 404\)/,
    );
  });

  test('keys the store does not know', async () => {
    const started = startScratchServer({ port: 0, mode: 'test', env: { ...s3Env(s3), S3_ACCESS_KEY_ID: 'NOBODY', S3_SECRET_ACCESS_KEY: 'wrong-secret' } });
    await expect(started).rejects.toThrow(/cannot be reached with these settings: .*HTTP 403/);
    await expect(started).rejects.not.toThrow('wrong-secret');
  });

  test('a Redis that does not answer, named without its password', async () => {
    const port = await freePort();
    const started = startScratchServer({ port: 0, mode: 'test', env: { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` } });
    await expect(started).rejects.toThrow(`REDIS_URL: Redis at redis://127.0.0.1:${port} does not answer`);
    await expect(started).rejects.not.toThrow('hunter2');
  });
});
