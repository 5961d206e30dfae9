import { Client } from 'pg';
import { hashToken } from '../../server/bearer-token';
import { startCluster, type Cluster } from '../../server/dev/cluster';
import { startStandaloneEmulator, type StandaloneEmulator } from '../../server/emulator/standalone';
import { EMULATOR_APPID } from '../../server/emulator/state';
import { MAX_AVATAR_BYTES } from '../../server/routes/user';
import { storedNameOf } from '../../server/uploads/store';
import { parseEncodingAesKey } from '../../server/wechat/push-crypto';
import { sealPush } from '../../server/wechat/push';
import { multipartBody, PNG_BYTES } from '../server/support/images';
import { address, call, field, runLoad, until, type Answer } from './support/client';

/**
 * Three server processes in production mode behind nginx, on PostgreSQL, Redis and an S3 server, all real and
 * on loopback; WeChat is the emulator, in this process. The tests run in order: the last two kill and restart
 * instances and leave the cluster whole again.
 */
const LOGIN_LIMIT = 60;
const INSTANCES = 3;
const PUSH_TOKEN = 'clusterpushtoken';
const PUSH_AES_KEY = 'ClusterEncodingAesKey0000000000000000000000';

let emulator: StandaloneEmulator;
let cluster: Cluster;
/** A test that fails mid-load leaves its load to afterAll, which stops it before the cluster. */
const loads: { stop(): Promise<void> }[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  emulator = await startStandaloneEmulator();
  cluster = await startCluster({
    instances: INSTANCES,
    wechatApiBase: emulator.url,
    env: {
      LOGIN_RATE_LIMIT_MAX: String(LOGIN_LIMIT),
      LOGIN_RATE_LIMIT_WINDOW_MS: String(10 * 60_000),
      WECHAT_PUSH_TOKEN: PUSH_TOKEN,
      WECHAT_PUSH_AES_KEY: PUSH_AES_KEY,
    },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(loads.map((load) => load.stop()));
  await cluster?.stop();
  await emulator?.close();
});

const instanceUrl = (index: number): string => cluster.instances[index % INSTANCES]?.url ?? '';
const newCode = (): string => emulator.state.mintLoginCode(undefined, undefined, undefined).code;
const login = (base: string, from: string, code = newCode()): Promise<Answer> => call(base, 'POST', '/api/auth/login', { json: { code }, from });
const tokenOf = (answer: Answer): string => {
  const token = field<string>(answer.body, 'token');
  if (answer.status !== 200 || token === undefined) throw new Error(`login answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return token;
};
const me = (base: string, token: string): Promise<Answer> => call(base, 'GET', '/api/user/me', { token });

test('a token issued by one instance works on another and a logout through a third kills it on all of them', async () => {
  const token = tokenOf(await login(instanceUrl(0), address(1, 0)));
  expect((await me(instanceUrl(1), token)).status).toBe(200);
  // Every instance has served the token once before the logout: none may keep a copy that outlives it.
  for (const instance of cluster.instances) expect((await me(instance.url, token)).status).toBe(200);
  expect((await call(instanceUrl(2), 'POST', '/api/auth/logout', { token })).status).toBe(204);
  for (const instance of cluster.instances) expect((await me(instance.url, token)).status).toBe(401);
  // Through nginx, round robin: every instance gets one of these.
  for (let i = 0; i < INSTANCES; i += 1) expect((await me(cluster.url, token)).status).toBe(401);
});

test('a burst of logins from one address through nginx gets exactly the configured number of successes in total', async () => {
  const from = address(2, 0);
  const answers = await Promise.all(Array.from({ length: LOGIN_LIMIT + 40 }, () => login(cluster.url, from)));
  const statuses = answers.map((answer) => answer.status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(LOGIN_LIMIT);
  expect(statuses.filter((status) => status === 429)).toHaveLength(40);
  // The count is the cluster's, not one instance's: each instance refuses that address now.
  for (const instance of cluster.instances) expect((await login(instance.url, from)).status).toBe(429);
  // and it is the client's address (X-Forwarded-For from nginx), not nginx's own: another client is let in.
  expect((await login(cluster.url, address(2, 1))).status).toBe(200);
});

test('an avatar uploaded through one instance is served through every other', async () => {
  const token = tokenOf(await login(instanceUrl(0), address(3, 0)));
  const boundary = 'cluster-avatar-boundary';
  const uploaded = await call(instanceUrl(0), 'POST', '/api/user/avatar', {
    token,
    body: multipartBody(boundary, PNG_BYTES),
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
  expect(uploaded.status).toBe(200);
  const avatarUrl = field<string>(uploaded.body, 'avatarUrl') ?? '';
  expect((await call(instanceUrl(1), 'PATCH', '/api/user/me', { token, json: { avatarUrl } })).status).toBe(200);
  expect(field((await me(instanceUrl(2), token)).body, 'avatarUrl')).toBe(avatarUrl);

  // The URL handed out (the object store's public address) works, and every instance serves the stored file.
  const served = await call(avatarUrl, 'GET', avatarUrl);
  expect(served.status).toBe(200);
  expect(Buffer.compare(served.body as Buffer, PNG_BYTES)).toBe(0);
  const name = storedNameOf(avatarUrl);
  expect(name).not.toBeNull();
  for (const instance of cluster.instances) {
    const direct = await call(instance.url, 'GET', `/uploads/${name}`);
    expect(direct.status).toBe(200);
    expect(Buffer.compare(direct.body as Buffer, PNG_BYTES)).toBe(0);
  }
});

test("an avatar over the limit passes nginx and gets the server's 413 in the contract's shape", async () => {
  const token = tokenOf(await login(cluster.url, address(3, 1)));
  const boundary = 'cluster-oversized-boundary';
  const tooLarge = Buffer.concat([PNG_BYTES, Buffer.alloc(MAX_AVATAR_BYTES)]);
  const answer = await call(cluster.url, 'POST', '/api/user/avatar', {
    token,
    body: multipartBody(boundary, tooLarge),
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
  expect(answer.status).toBe(413);
  expect(field(field(answer.body, 'error'), 'code')).toBe('PAYLOAD_TOO_LARGE');
});

test('50 concurrent phone bindings across the instances fetch the access_token once', async () => {
  const stableTokenCalls = (): number => emulator.state.calls()['/cgi-bin/stable_token'];
  expect(stableTokenCalls()).toBe(0);
  const users = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const { code, openid } = emulator.state.mintLoginCode(undefined, undefined, undefined);
      return { openid, token: tokenOf(await login(instanceUrl(i), address(4, i), code)) };
    }),
  );
  const bound = await Promise.all(
    users.map((user, i) => {
      const code = emulator.state.mintPhoneCode(user.openid, `1380013${String(i).padStart(4, '0')}`, '86');
      return call(instanceUrl(i), 'POST', '/api/user/phone', { token: user.token, json: { code } });
    }),
  );
  expect(bound.map((answer) => answer.status)).toEqual(users.map(() => 200));
  expect(bound.map((answer) => field(answer.body, 'phoneNumber'))).toEqual(users.map((_, i) => `1380013${String(i).padStart(4, '0')}`));
  expect(stableTokenCalls()).toBe(1);
});

test('a cancellation push replayed through nginx to every instance acts once: the login that came after it stays', async () => {
  const { code, openid } = emulator.state.mintLoginCode(undefined, undefined, undefined);
  const first = tokenOf(await login(instanceUrl(0), address(6, 0), code));
  const message = { ToUserName: 'gh_cluster', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'user_authorization_cancellation', OpenID: openid };
  const config = { token: PUSH_TOKEN, aesKey: parseEncodingAesKey(PUSH_AES_KEY) };
  const push = sealPush(message, { config, appid: EMULATOR_APPID, toUserName: 'gh_cluster', now: Date.now });
  const pushPath = `/api/wechat/push?${new URLSearchParams(push.query).toString()}`;
  expect((await call(instanceUrl(0), 'POST', pushPath, { json: push.body })).status).toBe(200);
  expect((await me(cluster.url, first)).status).toBe(401);
  const again = tokenOf(await login(instanceUrl(1), address(6, 1), emulator.state.mintLoginCode(openid, undefined, undefined).code));
  // Round robin: one replay reaches each instance, the one that acted and the two that did not.
  for (let i = 0; i < INSTANCES; i += 1) {
    const replay = await call(cluster.url, 'POST', pushPath, { json: push.body });
    expect(replay.status).toBe(200);
    expect(String(replay.body)).toBe('success');
  }
  expect((await me(cluster.url, again)).status).toBe(200);
});

/** Logins through nginx, each from an address of its own (so no rate limit interferes), then a read with the token. */
function loginLoad(scenario: number) {
  const load = runLoad(8, async (n) => {
    const answer = await login(cluster.url, address(scenario, n));
    const token = answer.status === 200 ? tokenOf(answer) : null;
    const read = token === null ? null : await me(cluster.url, token);
    return { answer, value: { token, read } };
  });
  loads.push(load);
  return load;
}

test('kill -9 of one instance under load: nginx routes around it and no acknowledged login is lost', async () => {
  const load = loginLoad(5);
  const acknowledged = () => load.results.filter((result) => result.answer.status === 200).length;
  await until(() => acknowledged() >= 40, '40 logins before the kill');
  await cluster.instances[1]?.kill();
  const atKill = acknowledged();
  await until(() => acknowledged() >= atKill + 80, '80 logins after the kill');
  await load.stop();

  // A login is answered 200 or, when it was in flight on the killed instance, 502 (nginx never resends a POST);
  // a read is always answered: nginx retries a GET on a live instance.
  for (const result of load.results) expect([200, 502]).toContain(result.answer.status);
  const reads = load.results.flatMap((result) => (result.value.read === null ? [] : [result.value.read.status]));
  expect(reads.filter((status) => status !== 200)).toEqual([]);
  const tokens = load.results.flatMap((result) => (result.value.token === null ? [] : [result.value.token]));
  const db = new Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  try {
    const stored = await db.query<{ count: string }>('select count(*) from tokens where token_hash = any($1) and revoked_at is null', [tokens.map(hashToken)]);
    expect(Number(stored.rows[0]?.count)).toBe(tokens.length);
  } finally {
    await db.end();
  }
  // With the instance dead, every new request is answered: nginx sends each to a live one.
  for (let i = 0; i < 2 * INSTANCES; i += 1) {
    const token = tokenOf(await login(cluster.url, address(5, 60_000 + i)));
    expect((await me(cluster.url, token)).status).toBe(200);
  }
  await cluster.instances[1]?.start();
});

test('a rolling restart under load (each instance in turn: SIGTERM, start again) answers no 5xx', async () => {
  const load = loginLoad(6);
  await until(() => load.results.length >= 20, 'the load to run');
  const during: number[] = [];
  for (let index = 0; index < INSTANCES; index += 1) {
    const before = load.results.length;
    expect(await cluster.restart(index)).toBe(0);
    during.push(load.results.length - before);
  }
  await load.stop();

  const statuses = load.results.flatMap((result) => [result.answer.status, ...(result.value.read === null ? [] : [result.value.read.status])]);
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  // The load went on while each instance was down.
  for (const answered of during) expect(answered).toBeGreaterThan(0);
});
