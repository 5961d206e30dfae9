import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import Redis from 'ioredis';
import { EMULATOR_APPID } from '../../server/emulator/state';
import { ACCESS_TOKEN_KEY_PREFIX } from '../../server/redis/access-token-cache';
import type { RunningServer } from '../../server/start';
import { createS3Client } from '../../server/uploads/s3-store';
import { SWEEP_GRACE_MS } from '../../server/uploads/sweep';
import type { PushMessage } from '../../server/wechat/push';
import { MAX_PENDING_UPLOADS } from '../../server/db/accounts';
import { patchMe, storedName, uploadAvatar } from './support/account';
import { authed, field, http, waitFor } from './support/harness';
import { PNG_BYTES } from './support/images';
import {
  bindPhone,
  loginAt,
  mintCode,
  newUser,
  postPush,
  sealedPush,
  stableTokenCalls,
  startSharedInstances,
  wechatEvent,
  type SharedInstances,
} from './support/shared-instances';

jest.setTimeout(60_000);

let shared: SharedInstances;

beforeAll(async () => {
  shared = await startSharedInstances();
});

afterEach(async () => {
  await shared.stopInstances();
});

afterAll(async () => {
  await shared?.dispose();
});

/** The keys in the bucket under uploads/. */
async function objectKeys(): Promise<string[]> {
  const client = createS3Client({ ...shared.s3, forcePathStyle: true });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: shared.s3.bucket, Prefix: 'uploads/' }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
  } finally {
    client.destroy();
  }
}

async function pushTo(server: RunningServer, message: PushMessage): Promise<number> {
  return (await postPush(server, sealedPush(message))).status;
}

describe('rate limits counted in Redis across instances', () => {
  test('logins from one address through two instances get exactly the configured number of successes in total', async () => {
    const limit = { max: 7, windowMs: 60_000 };
    const instances = [await shared.start({ loginRateLimit: limit }), await shared.start({ loginRateLimit: limit })];
    const codes = await Promise.all(Array.from({ length: 20 }, () => mintCode(shared.emulator)));
    const answers = await Promise.all(codes.map((code, i) => loginAt(instances[i % 2] as RunningServer, code)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(limit.max);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - limit.max);
    // Both instances refused some: neither counted alone.
    expect(answers.filter((answer, i) => i % 2 === 0 && answer.status === 429).length).toBeGreaterThan(0);
    expect(answers.filter((answer, i) => i % 2 === 1 && answer.status === 429).length).toBeGreaterThan(0);
  });

  test("one user's phone tries through two instances are counted together", async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const a = await shared.start({ phoneRateLimit: limit });
    const b = await shared.start({ phoneRateLimit: limit });
    const user = await newUser(a, shared.emulator);
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await bindPhone(server, shared.emulator, user)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});

describe('the access_token shared through Redis', () => {
  test('50 concurrent phone bindings across three instances cause exactly one stable_token call', async () => {
    const instances = [await shared.start(), await shared.start(), await shared.start()];
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => newUser(instances[i % 3] as RunningServer, shared.emulator)));
    // Earlier tests' token is forgotten: the cluster starts without one.
    const redis = new Redis(shared.redis.url);
    await redis.del(`${ACCESS_TOKEN_KEY_PREFIX}${EMULATOR_APPID}`);
    await redis.quit();
    const before = await stableTokenCalls(shared.emulator);
    // Each user binds through another instance than the one they logged in through.
    const answers = await Promise.all(users.map((user, i) => bindPhone(instances[(i + 1) % 3] as RunningServer, shared.emulator, user)));
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
    expect((await stableTokenCalls(shared.emulator)) - before).toBe(1);
    // A fourth instance started later reuses the cached token too.
    const late = await shared.start();
    expect((await bindPhone(late, shared.emulator, users[0] ?? { token: '', openid: '' })).status).toBe(200);
    expect((await stableTokenCalls(shared.emulator)) - before).toBe(1);
  });
});

describe('avatars in the S3 object store', () => {
  test('uploaded through one instance: served from S3_PUBLIC_URL with its type, readable through the other', async () => {
    const a = await shared.start();
    const b = await shared.start();
    const user = await newUser(a, shared.emulator);
    const avatarUrl = await uploadAvatar(a, user.token);
    expect(avatarUrl.startsWith(`${shared.s3.publicUrl}/uploads/`)).toBe(true);
    const fromStore = await fetch(avatarUrl);
    expect(fromStore.status).toBe(200);
    expect(fromStore.headers.get('content-type')).toBe('image/png');
    expect(fromStore.headers.get('content-disposition')).toBe(`inline; filename="${storedName(avatarUrl)}"`);
    expect(Buffer.from(await fromStore.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    const throughB = await fetch(`${b.url}/uploads/${storedName(avatarUrl)}`);
    expect(throughB.status).toBe(200);
    expect(Buffer.from(await throughB.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    // The profile saved through the other instance keeps the store's URL.
    const patched = await patchMe(b, user.token, { nickName: 'S3', avatarUrl });
    expect(field<string>(patched.body, 'avatarUrl')).toBe(avatarUrl);
  });

  test('a user keeps at most the pending-upload cap in the bucket, whichever instance took the uploads', async () => {
    const a = await shared.start();
    const b = await shared.start();
    const user = await newUser(a, shared.emulator);
    const urls: string[] = [];
    for (const server of [a, b, a, b, a]) urls.push(await uploadAvatar(server, user.token));
    const kept = urls.slice(-MAX_PENDING_UPLOADS).map((url) => `uploads/${storedName(url)}`);
    const keys = await objectKeys();
    for (const url of urls) expect(keys.includes(`uploads/${storedName(url)}`)).toBe(kept.includes(`uploads/${storedName(url)}`));
  });

  test('deleting the account through the other instance removes the object', async () => {
    const a = await shared.start();
    const b = await shared.start();
    const user = await newUser(a, shared.emulator);
    const avatarUrl = await uploadAvatar(a, user.token);
    await patchMe(a, user.token, { avatarUrl });
    expect((await http(`${b.url}/api/user/me`, authed(user.token, { method: 'DELETE' }))).status).toBe(204);
    expect((await fetch(avatarUrl)).status).toBe(404);
    expect(await objectKeys()).not.toContain(`uploads/${storedName(avatarUrl)}`);
  });

  test("WeChat's pushes remove the objects: an avatar revocation, then the cancellation of the account", async () => {
    const a = await shared.start();
    const b = await shared.start();
    const first = await newUser(a, shared.emulator);
    const revoked = await uploadAvatar(a, first.token);
    await patchMe(a, first.token, { avatarUrl: revoked });
    expect(await pushTo(b, wechatEvent(first.openid, 'user_authorization_revoke', { RevokeInfo: '20' }))).toBe(200);
    expect((await fetch(revoked)).status).toBe(404);

    const second = await newUser(b, shared.emulator);
    const cancelled = await uploadAvatar(b, second.token);
    await patchMe(b, second.token, { avatarUrl: cancelled });
    expect(await pushTo(a, wechatEvent(second.openid, 'user_authorization_cancellation'))).toBe(200);
    expect((await fetch(cancelled)).status).toBe(404);
    const keys = await objectKeys();
    expect(keys).not.toContain(`uploads/${storedName(revoked)}`);
    expect(keys).not.toContain(`uploads/${storedName(cancelled)}`);
  });

  test("the start-up sweep removes the bucket's orphans past the grace period and keeps what a row owns", async () => {
    const a = await shared.start();
    const user = await newUser(a, shared.emulator);
    const owned = await uploadAvatar(a, user.token);
    const orphan = `uploads/${'f'.repeat(32)}.png`;
    const client = createS3Client({ ...shared.s3, forcePathStyle: true });
    await client.send(new PutObjectCommand({ Bucket: shared.s3.bucket, Key: orphan, Body: PNG_BYTES, ContentType: 'image/png' }));
    client.destroy();
    // An instance whose clock is past the grace period sees both objects as old.
    await shared.start({ now: () => new Date(Date.now() + SWEEP_GRACE_MS + 60_000) });
    const keys = await objectKeys();
    expect(keys).not.toContain(orphan);
    expect(keys).toContain(`uploads/${storedName(owned)}`);
  });
});

describe('shutdown', () => {
  test("close() ends the instance's Redis connection", async () => {
    const admin = new Redis(shared.redis.url);
    try {
      const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
      const before = await clients();
      const server = await shared.start();
      expect(await clients()).toBe(before + 1);
      await server.close();
      await waitFor(async () => (await clients()) === before);
    } finally {
      await admin.quit();
    }
  });
});
