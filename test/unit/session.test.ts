import { RequestError, SESSION_STORAGE_KEY } from 'miniprogram-login';
import type { SessionState } from 'miniprogram-login';
import { createFakeServer, errorResponse, gate, json, type FakeServer } from '../support/fake-wx';
import { BACKENDS } from '../support/backends';
import { manualClock, rigFor, sampleUser, storedSession } from '../support/rig';
import { flushMicrotasks, waitFor } from '../support/wait';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

function storedToken(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || !('token' in parsed)) return null;
  return typeof parsed.token === 'string' ? parsed.token : null;
}

/** Fills storage to the last few bytes with ever smaller entries, each as big as storage will still take. */
function fillStorage(wx: WechatMiniprogram.Wx): void {
  let size = 1024 * 1024 - 64;
  let index = 0;
  while (size >= 1) {
    try {
      wx.setStorageSync(`filler-${index}`, 'x'.repeat(size));
      index += 1;
    } catch {
      size = Math.floor(size / 2);
    }
  }
}

type Fake = ReturnType<ReturnType<typeof rigFor>>['fake'];

/** Every test runs against each backend shape (test/support/backends.ts): the same client, configured for it. */
describe.each(BACKENDS)('against the $name backend', (backend) => {
  const createRig = rigFor(backend);

  describe('ensureLogin', () => {
    test('ten callers with no token cause exactly one wx.login and one POST /api/auth/login', async () => {
      const rig = createRig();
      await Promise.all(Array.from({ length: 10 }, () => rig.session.ensureLogin()));

      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.fake.network.requestsTo(backend.loginPath)).toHaveLength(1);
      expect(rig.session.getState().status).toBe('logged-in');
      const token = rig.session.getToken();
      expect(token).not.toBeNull();
      expect(storedToken(rig.fake.storage.raw(SESSION_STORAGE_KEY))).toBe(token);
    });

    test('ten authenticated requests with no token share one login and all carry its token', async () => {
      const rig = createRig();
      const users = await Promise.all(Array.from({ length: 10 }, () => rig.api.getMe()));

      expect(rig.fake.calls.login).toHaveLength(1);
      const meCalls = rig.fake.network.requestsTo('/api/user/me');
      expect(meCalls).toHaveLength(10);
      for (const call of meCalls) expect(backend.tokenOf(call)).toBe(rig.session.getToken());
      expect(new Set(users.map((user) => user.id)).size).toBe(1);
    });

    test('a wx.login failure rejects with kind login, does not retry by itself, and the next call recovers', async () => {
      const rig = createRig();
      rig.fake.login.failNext(1, 'login:fail network error');

      const failure = await rig.session.ensureLogin().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RequestError);
      expect((failure as RequestError).kind).toBe('login');
      expect(rig.session.getState()).toMatchObject({ status: 'logged-out', user: null });
      expect(rig.session.getState().error?.kind).toBe('login');
      await flushMicrotasks();
      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.fake.network.requestsTo(backend.loginPath)).toHaveLength(0);

      await rig.session.ensureLogin();
      expect(rig.fake.calls.login).toHaveLength(2);
      expect(rig.session.getState()).toMatchObject({ status: 'logged-in', error: null });
    });

    test('wx.login without a code is a login error', async () => {
      const rig = createRig();
      rig.fake.login.noCodeNext();
      await expect(rig.session.ensureLogin()).rejects.toMatchObject({ kind: 'login' });
      expect(rig.fake.network.requestsTo(backend.loginPath)).toHaveLength(0);
    });

    test('a network failure and a server error during login reject typed, and the next attempt logs in', async () => {
      const rig = createRig();
      rig.fake.server.setDown(true);
      await expect(rig.session.ensureLogin()).rejects.toMatchObject({ kind: 'network' });
      rig.fake.server.setDown(false);

      let answered = 0;
      rig.fake.server.route('POST', '/api/auth/login', () => {
        answered += 1;
        if (answered === 1) return errorResponse(503, 'WECHAT_UNAVAILABLE', 'busy');
        return json(200, { token: 'second', expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: false });
      });
      await expect(rig.session.ensureLogin()).rejects.toMatchObject({
        kind: 'http',
        statusCode: 503,
        code: backend.errorCode('WECHAT_UNAVAILABLE', 503),
      });
      expect(rig.session.getState().status).toBe('logged-out');

      await rig.session.ensureLogin();
      expect(answered).toBe(2);
      expect(rig.session.getToken()).toBe('second');
      expect(rig.fake.calls.login).toHaveLength(3);
    });

    test('a login response that breaks the contract is a parse error, not a half-logged-in session', async () => {
      const rig = createRig();
      rig.fake.server.route('POST', '/api/auth/login', () => json(200, { token: 'abc' }));
      await expect(rig.session.ensureLogin()).rejects.toMatchObject({ kind: 'parse' });
      expect(rig.session.getToken()).toBeNull();
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
    });
  });

  describe('launch', () => {
    test('a stored valid token and a valid session_key mean logged in with no network call', async () => {
      const now = Date.parse('2026-06-01T00:00:00Z');
      const user = sampleUser({ nickName: '老用户' });
      const rig = createRig({ storage: storedSession('stored-token', now + DAY, user) }, manualClock(now));

      await rig.session.launch();

      expect(rig.fake.calls.network).toHaveLength(0);
      expect(rig.fake.calls.login).toHaveLength(0);
      expect(rig.fake.calls.checkSession).toEqual([true]);
      expect(rig.session.getState()).toEqual({ status: 'logged-in', user, error: null });
      expect(rig.session.getToken()).toBe('stored-token');
    });

    test('a failed wx.checkSession means one silent login that replaces the stored token', async () => {
      const now = Date.now();
      const rig = createRig({ storage: storedSession('stored-token', now + DAY), sessionValid: false });

      await rig.session.launch();

      expect(rig.fake.calls.checkSession).toEqual([false]);
      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.fake.network.requestsTo(backend.loginPath)).toHaveLength(1);
      expect(rig.session.getToken()).not.toBe('stored-token');
      expect(storedToken(rig.fake.storage.raw(SESSION_STORAGE_KEY))).toBe(rig.session.getToken());
    });

    test('a failed re-login after a failed checkSession keeps the still-valid stored token', async () => {
      const now = Date.now();
      const rig = createRig({ storage: storedSession('stored-token', now + DAY), sessionValid: false });
      rig.fake.login.failNext();

      await rig.session.launch();

      expect(rig.session.getState().status).toBe('logged-in');
      expect(rig.session.getState().error?.kind).toBe('login');
      expect(rig.session.getToken()).toBe('stored-token');
    });

    test.each([
      ['expires within the 5 minute margin', 4 * MINUTE, 1],
      ['expires just outside the margin', 6 * MINUTE, 0],
    ])('a stored token that %s', async (_label, expiresIn, expectedLogins) => {
      const now = Date.parse('2026-06-01T00:00:00Z');
      const clock = manualClock(now);
      const rig = createRig({ storage: storedSession('stored-token', now + expiresIn) }, clock);

      await rig.session.launch();

      expect(rig.fake.calls.login).toHaveLength(expectedLogins);
      expect(rig.session.getState().status).toBe('logged-in');
    });

    test('a token that enters the margin later makes the next ensureLogin log in again', async () => {
      const now = Date.parse('2026-06-01T00:00:00Z');
      const clock = manualClock(now);
      const rig = createRig({ storage: storedSession('stored-token', now + 10 * MINUTE) }, clock);
      await rig.session.launch();
      expect(rig.fake.calls.login).toHaveLength(0);

      clock.set(now + 5 * MINUTE + 1);
      await rig.session.ensureLogin();

      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.session.getToken()).not.toBe('stored-token');
    });

    test.each([
      ['unparseable JSON', (fake: Fake) => fake.storage.corrupt(SESSION_STORAGE_KEY, '{"token":')],
      ['a string', (fake: Fake) => fake.storage.setRaw(SESSION_STORAGE_KEY, 'token')],
      ['a wrong shape', (fake: Fake) => fake.storage.setRaw(SESSION_STORAGE_KEY, { token: 7, user: {} })],
      [
        'a user missing fields',
        (fake: Fake) =>
          fake.storage.setRaw(SESSION_STORAGE_KEY, { token: 't', expiresAt: Date.now() + DAY, user: { id: 1 } }),
      ],
    ])('storage holding %s counts as logged out: one fresh login, no crash', async (_label, corrupt) => {
      const rig = createRig();
      corrupt(rig.fake);

      await rig.session.launch();

      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.session.getState().status).toBe('logged-in');
      expect(storedToken(rig.fake.storage.raw(SESSION_STORAGE_KEY))).toBe(rig.session.getToken());
    });

    test('launch never rejects; a failure is recorded in state.error', async () => {
      const rig = createRig();
      rig.fake.server.setDown(true);

      await expect(rig.session.launch()).resolves.toBeUndefined();

      expect(rig.session.getState()).toMatchObject({ status: 'logged-out', user: null });
      expect(rig.session.getState().error?.kind).toBe('network');
    });

    test('requests made while the launch login is under way wait for it and go out with its token', async () => {
      const server = createFakeServer();
      const loginAnswer = gate();
      server.route('POST', '/api/auth/login', () => loginAnswer.promise);
      server.route('GET', '/api/user/me', () => json(200, sampleUser()));
      const rig = createRig<FakeServer>({ server });

      const launched = rig.session.launch();
      const me = rig.api.getMe();
      await flushMicrotasks();
      expect(rig.fake.calls.network.map((call) => call.path)).toEqual([backend.loginPath]);

      loginAnswer.open(
        json(200, { token: 'fresh', expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: true }),
      );
      await launched;
      await expect(me).resolves.toEqual(sampleUser());
      expect(backend.tokenOf(rig.fake.network.requestsTo('/api/user/me')[0])).toBe('fresh');
      expect(rig.fake.calls.login).toHaveLength(1);
    });

    test('a request made during the launch checkSession waits, and goes out with the re-login token', async () => {
      const rig = createRig({ storage: storedSession('stored-token', Date.now() + DAY), sessionValid: false });

      const launched = rig.session.launch();
      const me = rig.api.getMe();
      await launched;
      await me;

      const [meCall] = rig.fake.network.requestsTo('/api/user/me');
      expect(backend.tokenOf(meCall)).toBe(rig.session.getToken());
      expect(rig.session.getToken()).not.toBe('stored-token');
      expect(rig.fake.calls.network.map((call) => call.path)).toEqual([backend.loginPath, '/api/user/me']);
    });

    test('the stored session is visible before launch, and ensureLogin then needs no network', async () => {
      const user = sampleUser({ nickName: '缓存' });
      const rig = createRig({ storage: storedSession('stored-token', Date.now() + DAY, user) });

      expect(rig.session.getState()).toEqual({ status: 'logged-in', user, error: null });
      await rig.session.ensureLogin();

      expect(rig.fake.calls.network).toHaveLength(0);
      expect(rig.fake.calls.login).toHaveLength(0);
    });

    test('launch joins a login that a caller started before it instead of starting another', async () => {
      const rig = createRig();
      const early = rig.session.ensureLogin();
      await rig.session.launch();
      await early;
      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.fake.network.requestsTo(backend.loginPath)).toHaveLength(1);
    });

    test('base library 2.10.0 (no Promise form of wx.login / wx.checkSession): launch still logs in and restores', async () => {
      const rig = createRig({ sdkVersion: '2.10.0' });
      expect(rig.fake.wx.login()).toBeUndefined();
      await rig.session.launch();
      expect(rig.session.getState()).toMatchObject({ status: 'logged-in', error: null });

      const warm = createRig({ sdkVersion: '2.10.0', storage: storedSession('stored-token', Date.now() + DAY) });
      await warm.session.launch();
      expect(warm.fake.calls.checkSession).toEqual([true]);
      expect(warm.session.getState()).toMatchObject({ status: 'logged-in', error: null });
      expect(warm.fake.calls.network).toHaveLength(0);
    });

    test('launch is idempotent', async () => {
      const rig = createRig();
      await Promise.all([rig.session.launch(), rig.session.launch()]);
      await rig.session.launch();
      expect(rig.fake.calls.login).toHaveLength(1);
    });
  });

  describe('ensureSessionKey', () => {
    test('with a valid session_key it logs in nowhere', async () => {
      const rig = createRig();
      await rig.session.launch();
      await rig.session.ensureSessionKey();
      expect(rig.fake.calls.login).toHaveLength(1);
    });

    test('with an expired session_key it runs exactly one fresh login for concurrent callers', async () => {
      const rig = createRig();
      await rig.session.launch();
      const before = rig.session.getToken();
      rig.fake.session.setValid(false);

      await Promise.all([rig.session.ensureSessionKey(), rig.session.ensureSessionKey(), rig.session.ensureLogin()]);

      expect(rig.fake.calls.login).toHaveLength(2);
      expect(rig.fake.session.isValid()).toBe(true);
      expect(rig.session.getToken()).not.toBe(before);
    });

    test('rejects when the fresh login fails', async () => {
      const rig = createRig();
      await rig.session.launch();
      rig.fake.session.setValid(false);
      rig.fake.login.failNext();
      await expect(rig.session.ensureSessionKey()).rejects.toMatchObject({ kind: 'login' });
    });
  });

  describe('logout', () => {
    test('revokes the token on the server, clears storage and tells listeners', async () => {
      const rig = createRig();
      await rig.session.launch();
      const token = rig.session.getToken();
      const seen: SessionState[] = [];
      rig.session.subscribe((state) => seen.push(state));

      await rig.session.logout();

      const [logoutCall] = rig.fake.network.requestsTo(backend.logoutPath);
      expect(backend.tokenOf(logoutCall)).toBe(token);
      expect(rig.fake.server.activeTokens()).not.toContain(token);
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
      expect(rig.session.getState()).toEqual({ status: 'logged-out', user: null, error: null });
      expect(seen.at(-1)).toEqual({ status: 'logged-out', user: null, error: null });
    });

    test('with the server down it still resolves and clears', async () => {
      const rig = createRig();
      await rig.session.launch();
      rig.fake.server.setDown(true);

      await expect(rig.session.logout()).resolves.toBeUndefined();

      expect(rig.session.getToken()).toBeNull();
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
    });

    describe('with a server that never answers', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      test('gives up after the logout timeout and has already cleared the session', async () => {
        const server = createFakeServer();
        server.route('POST', '/api/auth/logout', () => new Promise(() => undefined));
        const rig = createRig<FakeServer>({ server, storage: storedSession('stored-token', Date.now() + DAY) });
        await rig.session.launch();

        let settled = false;
        const loggingOut = rig.session.logout().then(() => {
          settled = true;
        });
        await jest.advanceTimersByTimeAsync(2999);
        expect(settled).toBe(false);
        expect(rig.session.getToken()).toBeNull();
        await jest.advanceTimersByTimeAsync(1);
        await loggingOut;
        expect(settled).toBe(true);
        expect(rig.fake.network.requestsTo(backend.logoutPath)[0].timeout).toBe(3000);
      });
    });

    test('a login already under way when logout happens cannot bring the session back', async () => {
      const server = createFakeServer();
      const loginAnswer = gate();
      server.route('POST', '/api/auth/login', () => loginAnswer.promise);
      const rig = createRig<FakeServer>({ server });

      const pending = rig.session.ensureLogin().catch((error: unknown) => error);
      await waitFor(() => rig.fake.calls.network.length === 1, 'the login request');
      await rig.session.logout();
      loginAnswer.open(
        json(200, { token: 'late', expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: false }),
      );

      expect(await pending).toMatchObject({ kind: 'unauthorized' });
      expect(rig.session.getState().status).toBe('logged-out');
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
    });

    test('after a logout during a login, the next ensureLogin logs in anew instead of joining the abandoned login', async () => {
      const server = createFakeServer();
      const firstAnswer = gate();
      let answered = 0;
      server.route('POST', '/api/auth/login', () => {
        answered += 1;
        if (answered === 1) return firstAnswer.promise;
        return json(200, { token: 'second', expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: false });
      });
      const rig = createRig<FakeServer>({ server });

      const abandoned = rig.session.ensureLogin().catch((error: unknown) => error);
      await waitFor(() => answered === 1, 'the first login request');
      await rig.session.logout();
      const again = rig.session.ensureLogin();
      await waitFor(() => answered === 2, 'a second login request');
      await again;
      expect(rig.session.getToken()).toBe('second');

      firstAnswer.open(
        json(200, { token: 'late', expiresAt: new Date(Date.now() + DAY).toISOString(), user: sampleUser(), isNew: false }),
      );
      await abandoned;
      expect(rig.session.getToken()).toBe('second');
      expect(rig.session.getState().status).toBe('logged-in');
    });

    test('setUser after a logout does not bring a user back', async () => {
      const rig = createRig();
      await rig.session.launch();
      const user = rig.session.getUser();
      await rig.session.logout();
      const seen: SessionState[] = [];
      rig.session.subscribe((state) => seen.push(state));

      if (user === null) throw new Error('no user after login');
      rig.session.setUser({ ...user, nickName: '迟到的回答' });

      expect(rig.session.getUser()).toBeNull();
      expect(seen).toHaveLength(1);
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
    });

    test('without a session it sends nothing', async () => {
      const rig = createRig();
      await rig.session.logout();
      expect(rig.fake.calls.network).toHaveLength(0);
    });
  });

  describe('forget (the account was deleted)', () => {
    test('clears the session locally with no call to the server, and nothing logs in by itself afterwards', async () => {
      const rig = createRig();
      await rig.session.launch();
      const token = rig.session.getToken();
      if (token === null) throw new Error('no token after launch');
      await rig.api.deleteMe();
      const callsBefore = rig.fake.calls.network.length;

      rig.session.forget();

      expect(rig.session.getState()).toEqual({ status: 'logged-out', user: null, error: null });
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
      await rig.session.launch();
      await flushMicrotasks();
      expect(rig.fake.calls.network).toHaveLength(callsBefore);
      expect(rig.fake.calls.login).toHaveLength(1);
      expect(rig.session.invalidate(token)).toBe(false);
    });

    test('the next login the user asks for is a new user', async () => {
      const rig = createRig();
      await rig.session.launch();
      const first = rig.session.getUser();
      await rig.api.deleteMe();
      rig.session.forget();

      await rig.session.ensureLogin();
      const second = rig.session.getUser();
      expect(second?.id).not.toBe(first?.id);
      expect(rig.fake.server.users().map((user) => user.id)).toEqual([second?.id]);
    });
  });

  describe('state', () => {
    test('subscribe calls the listener at once, then on every change, until unsubscribed', async () => {
      const rig = createRig();
      const statuses: string[] = [];
      const unsubscribe = rig.session.subscribe((state) => statuses.push(state.status));
      expect(statuses).toEqual(['logged-out']);

      await rig.session.ensureLogin();
      expect(statuses).toEqual(['logged-out', 'logging-in', 'logged-in']);

      unsubscribe();
      await rig.session.logout();
      expect(statuses).toHaveLength(3);
    });

    test('a listener that throws does not stop the others', async () => {
      const rig = createRig();
      let calls = 0;
      rig.session.subscribe((state) => {
        if (state.status !== 'logged-out') throw new Error('page bug');
      });
      rig.session.subscribe(() => {
        calls += 1;
      });
      await rig.session.ensureLogin();
      expect(calls).toBe(3);
    });

    test('setUser persists the user and notifies; a new session on the same storage sees it', async () => {
      const rig = createRig();
      await rig.session.launch();
      const seen: Array<string | null> = [];
      rig.session.subscribe((state) => seen.push(state.user?.nickName ?? null));
      const updated = { ...sampleUser(), id: rig.session.getUser()?.id ?? 0, nickName: '新名字' };

      rig.session.setUser(updated);

      expect(seen.at(-1)).toBe('新名字');
      expect(rig.session.getUser()).toEqual(updated);
      const raw = rig.fake.storage.raw(SESSION_STORAGE_KEY);
      expect(raw === undefined ? null : JSON.parse(raw).user).toEqual(updated);
    });

    test('a new session storage refuses does not leave the replaced one behind for the next launch', async () => {
      const rig = createRig({ storage: storedSession('stored-token', Date.now() + DAY), sessionValid: false });
      Object.assign(rig.fake.wx, {
        setStorageSync: () => {
          throw new Error('setStorageSync:fail exceed storage max size 10Mb');
        },
      });

      await rig.session.launch();

      expect(rig.session.getToken()).not.toBe('stored-token');
      expect(rig.session.getState().status).toBe('logged-in');
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
    });

    test('when storage is full the session still works in memory', async () => {
      const rig = createRig();
      fillStorage(rig.fake.wx);
      await rig.session.ensureLogin();
      expect(rig.session.getState().status).toBe('logged-in');
      expect(rig.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
      await expect(rig.api.getMe()).resolves.toMatchObject({ id: rig.session.getUser()?.id });
    });
  });
});
