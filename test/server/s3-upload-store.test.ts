import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3Server } from '../../server/dev/s3-server';
import { sharedStateConfig, type S3Config } from '../../server/shared-state-config';
import { createS3Client, createS3UploadStore, type S3UploadStore } from '../../server/uploads/s3-store';
import { storedNameOf } from '../../server/uploads/store';
import { PNG_BYTES } from './support/images';
import { s3Env } from './support/shared-instances';

jest.setTimeout(30_000);

const PNG = { extension: 'png', contentType: 'image/png' } as const;

describe('the S3 upload store', () => {
  let s3: S3Server;
  let config: S3Config;
  let store: S3UploadStore;

  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'store-suite' });
    const parsed = sharedStateConfig(s3Env(s3)).s3;
    if (parsed === null) throw new Error('no S3 config');
    config = parsed;
    store = createS3UploadStore(config);
  });

  afterAll(async () => {
    store?.close();
    await s3?.stop();
  });

  test('a saved image is one object under uploads/, read back whole with its type; its public URL names it', async () => {
    const name = await store.save(PNG_BYTES, PNG);
    expect(name).toMatch(/^[0-9a-f]{32}\.png$/);
    const read = await store.read(name);
    expect(read?.contentType).toBe('image/png');
    expect(read?.bytes.equals(PNG_BYTES)).toBe(true);
    const url = store.publicUrlOf(name);
    expect(url).toBe(`${s3.publicUrl}/uploads/${name}`);
    // The account lifecycle finds its own uploads in the store's URLs as in the server's.
    expect(storedNameOf(url)).toBe(name);
    const served = await fetch(url);
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('names no store makes are never read, removed or listed; a missing object is null; removing it twice is fine', async () => {
    const client = createS3Client(config);
    await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: 'uploads/notes.txt', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: `other/${'b'.repeat(32)}.png`, Body: PNG_BYTES }));
    client.destroy();
    expect(await store.read('notes.txt')).toBeNull();
    expect(await store.read('../other/x.png')).toBeNull();
    expect(await store.read(`${'c'.repeat(32)}.png`)).toBeNull();
    const name = await store.save(PNG_BYTES, PNG);
    const listed = (await store.list()).map((entry) => entry.name);
    expect(listed).toContain(name);
    expect(listed.every((entry) => /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/.test(entry))).toBe(true);
    await store.remove(name);
    await store.remove(name);
    await store.remove('notes.txt');
    expect(await store.read(name)).toBeNull();
    expect((await store.list()).map((entry) => entry.name)).not.toContain(name);
    expect((await fetch(`${s3.publicUrl}/uploads/notes.txt`)).status).toBe(200);
  });

  test('a store that cannot be reached fails the request rather than answering "no such upload"', async () => {
    const unreachable = createS3UploadStore({ ...config, endpoint: 'http://127.0.0.1:9' });
    try {
      await expect(unreachable.read(`${'d'.repeat(32)}.png`)).rejects.toThrow();
      await expect(unreachable.save(PNG_BYTES, PNG)).rejects.toThrow();
    } finally {
      unreachable.close();
    }
  });

  test('listing walks every page: more objects than one ListObjectsV2 answer holds are all found', async () => {
    const bucket = 'store-suite-many';
    const client = createS3Client(config);
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const names = Array.from({ length: 1_001 }, (_, i) => `${i.toString(16).padStart(32, '0')}.png`);
      for (let start = 0; start < names.length; start += 100) {
        await Promise.all(
          names.slice(start, start + 100).map((name) => client.send(new PutObjectCommand({ Bucket: bucket, Key: `uploads/${name}`, Body: PNG_BYTES }))),
        );
      }
      const firstPage = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'uploads/' }));
      expect(firstPage.IsTruncated).toBe(true);
      const many = createS3UploadStore({ ...config, bucket }, client);
      expect((await many.list()).map((entry) => entry.name).sort()).toEqual(names);
    } finally {
      client.destroy();
    }
  });
});
