import { startRedisServer, type RedisServer } from '../../server/dev/redis-server';
import type { RunningServer } from '../../server/start';
import { authed, errorCode, field, http, waitFor } from './support/harness';
import { bindPhone, loginAt, mintCode, newUser, postPush, sealedPush, startSharedInstances, wechatEvent, type SharedInstances } from './support/shared-instances';

jest.setTimeout(60_000);

/**
 * The chosen behaviour while Redis is away: nothing fails because of it. The rate limits count in each
 * instance (they still hold, per instance), the access_token is cached and refreshed in each instance, each
 * instance remembers the pushes it acted on, and /api/health answers 503 naming redis so that the operator sees
 * it. When Redis is back, all is shared again.
 */
describe('an instance whose Redis goes away', () => {
  let shared: SharedInstances;
  let redis: RedisServer;
  let server: RunningServer;
  /** Another instance on the same Redis, without the tight login limit: the pushes' users log in through it. */
  let pusher: RunningServer;
  const logLines: string[] = [];
  const pusherLogLines: string[] = [];
  const limit = { max: 3, windowMs: 60_000 };

  beforeAll(async () => {
    shared = await startSharedInstances();
    // Its own Redis, so stopping it leaves the suite's alone.
    redis = await startRedisServer();
    server = await shared.start({
      env: { REDIS_URL: redis.url },
      loginRateLimit: limit,
      logger: true,
      logSink: { write: (line) => logLines.push(line) },
    });
    pusher = await shared.start({ env: { REDIS_URL: redis.url }, logger: true, logSink: { write: (line) => pusherLogLines.push(line) } });
  });

  afterAll(async () => {
    await shared?.dispose();
    await redis?.stop();
  });

  const logged = (text: string) => logLines.some((line) => line.includes(text));

  test('down: health is 503 naming redis; logins and phone bindings still work; the login limit holds in the instance', async () => {
    const user = await newUser(server, shared.emulator);
    expect((await http(`${server.url}/api/health`)).status).toBe(200);
    await redis.stop();
    const health = await http(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(errorCode(health)).toBe('UNAVAILABLE');
    expect(JSON.stringify(health.body)).toContain('redis');

    const statuses: number[] = [];
    for (let i = 0; i < limit.max + 2; i += 1) statuses.push((await loginAt(server, await mintCode(shared.emulator))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await bindPhone(server, shared.emulator, user)).status).toBe(200);
    // Reported once for the outage, not once per request.
    expect(logLines.filter((line) => line.includes('Redis does not answer'))).toHaveLength(1);
  });

  test('down: a push acts, and its replay to the same instance is answered success and changes nothing; still one warning', async () => {
    const user = await newUser(pusher, shared.emulator);
    const push = sealedPush(wechatEvent(user.openid, 'user_authorization_cancellation'));
    expect((await postPush(pusher, push)).text).toBe('success');
    expect((await http(`${pusher.url}/api/user/me`, authed(user.token))).status).toBe(401);
    const again = await loginAt(pusher, await mintCode(shared.emulator, user.openid));
    const token = field<string>(again.body, 'token');
    const replay = await postPush(pusher, push);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('success');
    expect((await http(`${pusher.url}/api/user/me`, authed(token))).status).toBe(200);
    expect(pusherLogLines.filter((line) => line.includes('Redis does not answer'))).toHaveLength(1);
  });

  test('back: health answers 200 again and the counting is shared again (a fresh Redis starts from zero)', async () => {
    redis = await startRedisServer({ port: redis.port });
    await waitFor(async () => (await http(`${server.url}/api/health`)).status === 200, 15_000);
    expect(logged('Redis answers again')).toBe(true);
    const statuses: number[] = [];
    for (let i = 0; i < limit.max + 1; i += 1) statuses.push((await loginAt(server, await mintCode(shared.emulator))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
