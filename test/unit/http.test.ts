import { METHOD_OVERRIDE_HEADER, RequestError, createLogin } from 'miniprogram-login';
import {
  bearerToken,
  createFakeServer,
  errorResponse,
  gate,
  json,
  networkFailure,
  OFFLINE_ERRMSG,
  createFakeWx,
  type FakeServer,
  type Gate,
} from '../support/fake-wx';
import { BACKENDS } from '../support/backends';
import { BASE_URL, createRig, rigFor, sampleUser } from '../support/rig';
import { waitFor } from '../support/wait';

const DAY = 24 * 60 * 60 * 1000;

function loginBody(token: string) {
  return { token, expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: false };
}

/** A scripted server whose login hands out token-1, token-2, ... */
function tokenServer(): { server: FakeServer; issued: string[] } {
  const issued: string[] = [];
  const server = createFakeServer();
  server.route('POST', '/api/auth/login', () => {
    const token = `token-${issued.length + 1}`;
    issued.push(token);
    return json(200, loginBody(token));
  });
  return { server, issued };
}

/** Every test in this block runs against each backend shape (test/support/backends.ts). */
describe.each(BACKENDS)('against the $name backend', (backend) => {
  const createRig = rigFor(backend);

  describe('authentication header', () => {
    test('authenticated calls carry the bearer token; auth:false calls carry none and do not log in', async () => {
      const rig = createRig();
      await expect(rig.api.health()).resolves.toEqual({ status: 'ok' });
      expect(rig.fake.calls.login).toHaveLength(0);
      expect(backend.tokenOf(rig.fake.network.requestsTo('/api/health')[0])).toBeNull();

      await rig.api.getMe();
      expect(backend.tokenOf(rig.fake.network.requestsTo('/api/user/me')[0])).toBe(rig.session.getToken());
    });

    test('requests go to the base URL with a JSON content type and caller headers', async () => {
      const rig = createRig();
      await rig.http.request({ path: '/api/health', auth: false, header: { 'X-Trace': 'abc' } });
      const [call] = rig.fake.network.requestsTo('/api/health');
      expect(call.url).toBe('http://127.0.0.1:3000/api/health');
      expect(call.header).toMatchObject({ 'Content-Type': 'application/json', 'X-Trace': 'abc' });
    });

    test('PATCH travels as POST with the method override header, since wx.request has no PATCH', async () => {
      const rig = createRig();
      const user = await rig.api.updateMe({ nickName: '🐱 猫' });
      expect(user.nickName).toBe('🐱 猫');
      const [call] = rig.fake.network.requestsTo('/api/user/me');
      expect(call.wireMethod).toBe('POST');
      expect(call.header[METHOD_OVERRIDE_HEADER]).toBe('PATCH');
      expect(call.data).toEqual({ nickName: '🐱 猫' });
    });
  });

  describe('401 recovery', () => {
    test('N concurrent 401s cause one re-login and N replays with the new token', async () => {
      const rig = createRig();
      await rig.session.ensureLogin();
      const oldToken = rig.session.getToken();
      rig.fake.server.revokeAllTokens();

      const results = await Promise.all(Array.from({ length: 25 }, () => rig.api.getMe()));

      expect(results).toHaveLength(25);
      expect(rig.fake.network.maxInFlight()).toBeLessThanOrEqual(10);
      expect(rig.fake.calls.login).toHaveLength(2);
      const newToken = rig.session.getToken();
      expect(newToken).not.toBe(oldToken);
      const tokensUsed = rig.fake.network.requestsTo('/api/user/me').map((call) => backend.tokenOf(call));
      expect(tokensUsed.filter((token) => token === oldToken)).toHaveLength(25);
      expect(tokensUsed.filter((token) => token === newToken)).toHaveLength(25);
    });

    test('a late 401 for an old token does not wipe the fresh one', async () => {
      const { server, issued } = tokenServer();
      const slowAnswer = gate();
      let slowCalls = 0;
      server.route('GET', '/api/slow', (request) => {
        slowCalls += 1;
        if (slowCalls === 1) return slowAnswer.promise;
        return bearerToken(request) === issued.at(-1) ? json(200, { ok: true }) : errorResponse(401, 'UNAUTHORIZED');
      });
      server.route('GET', '/api/fast', (request) =>
        bearerToken(request) === 'token-2' ? json(200, { ok: true }) : errorResponse(401, 'UNAUTHORIZED'),
      );
      const rig = createRig<FakeServer>({ server });
      await rig.session.ensureLogin();

      const slow = rig.http.request<{ ok: boolean }>({ path: '/api/slow' });
      await waitFor(() => slowCalls === 1, 'the slow request to be sent');
      await expect(rig.http.request({ path: '/api/fast' })).resolves.toEqual({ ok: true });
      expect(rig.session.getToken()).toBe('token-2');

      slowAnswer.open(errorResponse(401, 'UNAUTHORIZED'));
      await expect(slow).resolves.toEqual({ ok: true });

      expect(rig.session.getToken()).toBe('token-2');
      expect(issued).toEqual(['token-1', 'token-2']);
      expect(rig.fake.calls.login).toHaveLength(2);
    });

    test('a 401 that arrives after a logout for the logged-out token does not log the user back in', async () => {
      const rig = createRig();
      await rig.session.ensureLogin();
      const slowAnswer = gate();
      rig.fake.server.route('GET', '/api/slow', () => slowAnswer.promise);

      const slow = rig.http.request({ path: '/api/slow' }).catch((error: unknown) => error);
      await waitFor(() => rig.fake.network.requestsTo('/api/slow').length === 1, 'the slow request to be sent');
      await rig.session.logout();
      slowAnswer.open(errorResponse(401, 'UNAUTHORIZED'));

      expect(await slow).toMatchObject({ kind: 'unauthorized', statusCode: backend.expired.statusCode });
      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.fake.network.requestsTo('/api/slow')).toHaveLength(1);
      expect(rig.session.getState()).toMatchObject({ status: 'logged-out', user: null });
    });

    test('a second 401 is an unauthorized error, not a loop', async () => {
      const { server, issued } = tokenServer();
      server.route('GET', '/api/forbidden', () => errorResponse(401, 'UNAUTHORIZED', 'nope'));
      const rig = createRig<FakeServer>({ server });

      const failure = await rig.http.request({ path: '/api/forbidden' }).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(RequestError);
      expect(failure).toMatchObject({ kind: 'unauthorized', ...backend.expired, message: 'nope' });
      expect(rig.fake.network.requestsTo('/api/forbidden')).toHaveLength(2);
      expect(issued).toHaveLength(2);
    });

    test('a 401 on an auth:false call is returned as unauthorized without a login', async () => {
      const rig = createRig();
      rig.fake.server.route('GET', '/api/public', () => errorResponse(401, 'UNAUTHORIZED'));
      await expect(rig.http.request({ path: '/api/public', auth: false })).rejects.toMatchObject({ kind: 'unauthorized' });
      expect(rig.fake.calls.login).toHaveLength(0);
    });

    test('a failed re-login rejects the replaying request with the login error', async () => {
      const rig = createRig();
      await rig.session.ensureLogin();
      rig.fake.server.revokeAllTokens();
      rig.fake.login.failNext();
      await expect(rig.api.getMe()).rejects.toMatchObject({ kind: 'login' });
      await expect(rig.api.getMe()).resolves.toMatchObject({ id: expect.any(Number) });
    });
  });

  describe('concurrency cap', () => {
    test('50 calls (requests and uploads) never have more than 10 in flight and start in FIFO order', async () => {
      const gates = new Map<number, Gate>();
      const server = createFakeServer();
      const answer = (index: number) => {
        const g = gate();
        gates.set(index, g);
        return g.promise;
      };
      server.route('GET', '/api/items', (request) => answer(Number(request.query.i)));
      server.route('POST', '/api/files', (request) => answer(Number(request.query.i)));
      const rig = createRig<FakeServer>({ server, maxConcurrentNetwork: Infinity });

      const calls = Array.from({ length: 50 }, (_unused, i) =>
        i % 10 === 9
          ? rig.http.upload<{ i: number }>({ path: `/api/files?i=${i}`, filePath: `/tmp/${i}.png`, name: 'file', auth: false })
          : rig.http.request<{ i: number }>({ path: `/api/items?i=${i}`, auth: false }),
      );
      await waitFor(() => gates.size === 10, 'ten calls in flight');
      expect(rig.fake.network.inFlight()).toBe(10);

      for (let next = 10; next <= 50; next += 1) {
        // Answer the most recent caller first, so the slot order cannot simply follow the answer order.
        const open = Array.from(gates.keys()).sort((a, b) => b - a)[0];
        gates.get(open)?.open(json(200, { i: open }));
        gates.delete(open);
        if (next < 50) await waitFor(() => gates.size === 10, `call ${next} to start`);
      }
      while (gates.size > 0) {
        const [index, g] = gates.entries().next().value as [number, Gate];
        g.open(json(200, { i: index }));
        gates.delete(index);
      }

      const results = await Promise.all(calls);
      expect(results.map((result) => result.i)).toEqual(Array.from({ length: 50 }, (_unused, i) => i));
      expect(rig.fake.network.maxInFlight()).toBe(10);
      expect(rig.fake.calls.network.map((call) => Number(call.query.i))).toEqual(Array.from({ length: 50 }, (_unused, i) => i));
    });
  });

  describe('errors', () => {
    test('a transport failure while the device has a network is kind network (the server is unreachable)', async () => {
      const rig = createRig();
      rig.fake.server.setDown(true);
      await expect(rig.api.health()).rejects.toMatchObject({ kind: 'network', statusCode: null });
    });

    test('a transport failure while WeChat reports no network is kind offline', async () => {
      const rig = createRig();
      rig.fake.server.setDown(true);
      rig.fake.network.setType('none');
      await expect(rig.api.health()).rejects.toMatchObject({ kind: 'offline', statusCode: null });
    });

    test('WeChat’s own offline errMsg is offline even when getNetworkType is unavailable or fails', async () => {
      const rig = createRig();
      rig.fake.server.fallback(() => networkFailure(OFFLINE_ERRMSG));
      Object.assign(rig.fake.wx, { getNetworkType: undefined });
      await expect(rig.http.request({ path: '/anything', auth: false })).rejects.toMatchObject({ kind: 'offline' });
      Object.assign(rig.fake.wx, {
        getNetworkType: () => {
          throw new Error('wx.getNetworkType is not implemented');
        },
      });
      rig.fake.server.fallback(() => networkFailure('request:fail connect ECONNREFUSED 127.0.0.1:3000'));
      await expect(rig.http.request({ path: '/anything', auth: false })).rejects.toMatchObject({ kind: 'network' });
    });

    test('a 5xx is kind http with its status, not a network failure', async () => {
      const rig = createRig();
      rig.fake.server.route('GET', '/api/health', () => json(502, '<html>Bad Gateway</html>'));
      await expect(rig.api.health()).rejects.toMatchObject({ kind: 'http', statusCode: 502 });
    });

    describe('with fake timers', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      test('no answer within the timeout is kind timeout', async () => {
        const rig = createRig();
        rig.fake.server.route('GET', '/api/health', () => new Promise(() => undefined));
        const pending = rig.http.request({ path: '/api/health', auth: false, timeout: 5000 }).catch((error: unknown) => error);
        await jest.advanceTimersByTimeAsync(5000);
        expect(await pending).toMatchObject({ kind: 'timeout' });
      });
    });

    test('a non-2xx with a contract body is kind http with its code and message', async () => {
      const rig = createRig();
      rig.fake.server.route('POST', '/api/user/phone', () => errorResponse(403, 'RISKY_USER', 'flagged'));
      await expect(rig.api.bindPhone({ code: 'x' })).rejects.toMatchObject({
        kind: 'http',
        statusCode: backend.errorStatus(403),
        code: backend.errorCode('RISKY_USER', 403),
        message: 'flagged',
      });
    });

    test('a non-2xx without a contract body is kind http with no code', async () => {
      const rig = createRig();
      rig.fake.server.route('GET', '/api/health', () => ({ statusCode: 502, data: '<html>Bad Gateway</html>' }));
      await expect(rig.api.health()).rejects.toMatchObject({ kind: 'http', statusCode: 502, code: null });
    });

    test('a 2xx that is not JSON is kind parse', async () => {
      const rig = createRig();
      rig.fake.server.route('GET', '/api/health', () => ({ statusCode: 200, data: '<html>captive portal</html>' }));
      await expect(rig.api.health()).rejects.toMatchObject({ kind: 'parse', statusCode: 200 });
    });

    test('a 204 resolves to undefined', async () => {
      const rig = createRig();
      rig.fake.server.route('POST', '/api/ping', () => json(204));
      await expect(rig.http.request({ path: '/api/ping', method: 'POST', auth: false })).resolves.toBeUndefined();
    });
  });

  describe('upload', () => {
    test('sends the bearer token, the file field and formData, and parses the JSON string body', async () => {
      const rig = createRig();
      const result = await rig.api.uploadAvatar('wxfile://tmp_avatar.png');
      expect(result.avatarUrl).toMatch(/^https:\/\//);
      const [call] = rig.fake.network.requestsTo('/api/user/avatar');
      expect(call.api).toBe('uploadFile');
      expect(backend.tokenOf(call)).toBe(rig.session.getToken());
      expect(call).toMatchObject({ filePath: 'wxfile://tmp_avatar.png', fileField: 'file' });

      await rig.http.upload({ path: '/api/user/avatar', filePath: '/tmp/a.jpg', name: 'file', formData: { kind: 'avatar' } });
      expect(rig.fake.network.requestsTo('/api/user/avatar')[1].data).toEqual({ kind: 'avatar' });
    });

    test('an upload that gets a 401 logs in again and is replayed once', async () => {
      const rig = createRig();
      await rig.session.ensureLogin();
      rig.fake.server.revokeAllTokens();
      await expect(rig.api.uploadAvatar('/tmp/a.png')).resolves.toMatchObject({ avatarUrl: expect.any(String) });
      expect(rig.fake.network.requestsTo('/api/user/avatar')).toHaveLength(2);
      expect(rig.fake.calls.login).toHaveLength(2);
    });

    test('an error body from an upload becomes a typed error', async () => {
      const rig = createRig();
      await expect(rig.api.uploadAvatar('/tmp/notes.txt')).rejects.toMatchObject({
        kind: 'http',
        statusCode: backend.errorStatus(415),
        code: backend.errorCode('UNSUPPORTED_MEDIA', 415),
      });
    });

    test('a 2xx upload body that is not JSON is kind parse', async () => {
      const rig = createRig();
      rig.fake.server.route('POST', '/api/user/avatar', () => ({ statusCode: 200, data: 'OK' }));
      await expect(rig.api.uploadAvatar('/tmp/a.png')).rejects.toMatchObject({ kind: 'parse' });
    });
  });
});

describe('api', () => {
  test.each([
    ['no expiry and no user', { token: 'no-user' }],
    ['a user that is not the contract’s', { token: 'odd-user', expiresAt: new Date(Date.now() + DAY).toISOString(), user: { id: 'x' }, isNew: false }],
  ])('a login answer with %s breaks the contract: the login fails as parse', async (_what, body) => {
    const rig = createRig();
    rig.fake.server.route('POST', '/api/auth/login', () => json(200, body));
    await expect(rig.session.ensureLogin()).rejects.toMatchObject({ kind: 'parse' });
    expect(rig.session.getState()).toMatchObject({ status: 'logged-out', error: { kind: 'parse' } });
  });

  test('covers the contract routes against the in-memory contract server', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    expect(rig.session.getUser()).toMatchObject({ nickName: null });
    const code = rig.fake.server.issuePhoneCode('13800138000');
    await expect(rig.api.bindPhone({ code })).resolves.toMatchObject({ phoneNumber: '13800138000', countryCode: '86' });

    const legacy = rig.fake.server.issueEncryptedPhone('13900139000');
    await expect(rig.api.bindPhone(legacy)).resolves.toMatchObject({ phoneNumber: '13900139000' });
    await expect(rig.api.bindPhone({ encryptedData: 'x', iv: 'y' })).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });

    await expect(rig.api.getMe()).resolves.toMatchObject({ phoneNumber: '13900139000' });
    await expect(rig.api.updateMe({ nickName: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const token = rig.session.getToken();
    await expect(rig.session.logout()).resolves.toBeUndefined();
    expect(rig.fake.server.activeTokens()).not.toContain(token);
  });

  test('the login carries the mini-program’s AppID', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    rig.session.forget();
    await rig.session.ensureLogin();
    expect(rig.fake.network.requestsTo('/api/auth/login').map((request) => request.data)).toEqual([
      { code: expect.any(String), appid: 'wx0000000000000000' },
      { code: expect.any(String), appid: 'wx0000000000000000' },
    ]);
    expect(rig.fake.server.loginAppIds()).toEqual(['wx0000000000000000', 'wx0000000000000000']);
  });

  test('no AppID is sent when WeChat cannot tell it', async () => {
    const fake = createFakeWx();
    Object.assign(fake.wx, {
      getAccountInfoSync: () => {
        throw new Error('getAccountInfoSync:fail');
      },
    });
    const services = createLogin(fake.wx, { baseUrl: BASE_URL });
    await services.session.ensureLogin();
    expect(fake.network.requestsTo('/api/auth/login')[0].data).toEqual({ code: expect.any(String) });
  });

  test('updateMe with null clears fields (sent as PATCH over POST)', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    await rig.api.updateMe({ nickName: '小明', avatarUrl: 'https://example.com/a.png' });
    await expect(rig.api.updateMe({ nickName: null, avatarUrl: null })).resolves.toMatchObject({ nickName: null, avatarUrl: null });
    const last = rig.fake.network.requestsTo('/api/user/me').pop();
    expect(last).toMatchObject({ wireMethod: 'POST', method: 'PATCH', data: { nickName: null, avatarUrl: null } });
  });

  test('clearPhone sends DELETE /api/user/phone and answers the user without a phone', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    await rig.api.bindPhone({ code: rig.fake.server.issuePhoneCode('13800138000') });
    await expect(rig.api.clearPhone()).resolves.toMatchObject({ phoneNumber: null, countryCode: null });
    expect(rig.fake.network.requestsTo('/api/user/phone').map((request) => request.wireMethod)).toEqual(['POST', 'DELETE']);
  });

  test('deleteMe sends DELETE /api/user/me, resolves on 204, and the old token is refused afterwards', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    const token = rig.session.getToken();
    await expect(rig.api.deleteMe()).resolves.toBeUndefined();
    expect(rig.fake.network.requestsTo('/api/user/me').map((request) => request.wireMethod)).toEqual(['DELETE']);
    expect(rig.fake.server.users()).toEqual([]);
    expect(rig.fake.server.activeTokens()).not.toContain(token);
  });

  test('an account deleted behind the app’s back: the next request re-logs in once, as a new user, and the session shows that user', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    await rig.api.updateMe({ nickName: '旧用户' });
    const old = rig.session.getUser();
    rig.fake.server.deleteUser('openid-test');

    const me = await rig.api.getMe();
    expect(me).toMatchObject({ nickName: null });
    expect(me.id).not.toBe(old?.id);
    expect(rig.session.getUser()?.id).toBe(me.id);
    expect(rig.fake.server.loginCount()).toBe(2);
  });

  test('deleteMe failing keeps the session as it was', async () => {
    const rig = createRig();
    await rig.session.ensureLogin();
    const token = rig.session.getToken();
    rig.fake.server.route('DELETE', '/api/user/me', () => errorResponse(500, 'INTERNAL', 'boom'));
    await expect(rig.api.deleteMe()).rejects.toMatchObject({ kind: 'http', statusCode: 500 });
    expect(rig.session.getToken()).toBe(token);
    expect(rig.fake.server.users()).toHaveLength(1);
  });
});
