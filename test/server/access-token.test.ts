import {
  createAccessTokens,
  createMemoryAccessTokenCache,
  type AccessTokenCache,
  type AccessTokensDeps,
  type FetchedAccessToken,
} from '../../server/wechat/access-token';
import { deferred } from '../support/deferred';

const APPID = 'wx-test';

function createAccessTokenCache(deps: Omit<AccessTokensDeps, 'appid' | 'cache'> & { cache?: AccessTokenCache }) {
  return createAccessTokens({ appid: APPID, cache: createMemoryAccessTokenCache(), ...deps });
}

describe('access_token cache', () => {
  test('concurrent callers share one refresh, then the cached token', async () => {
    const pending = deferred<FetchedAccessToken>();
    const fetchToken = jest.fn((_force: boolean) => pending.promise);
    const cache = createAccessTokenCache({ fetchToken, now: () => 0 });
    const waiting = Promise.all([cache.get(), cache.get(), cache.get()]);
    pending.resolve({ accessToken: 'T1', expiresInSeconds: 7200 });
    expect(await waiting).toEqual(['T1', 'T1', 'T1']);
    expect(await cache.get()).toBe('T1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  test('refreshes a few minutes before expiry', async () => {
    let now = 0;
    let n = 0;
    const fetchToken = jest.fn(async () => ({ accessToken: `T${(n += 1)}`, expiresInSeconds: 7200 }));
    const cache = createAccessTokenCache({ fetchToken, now: () => now, refreshEarlyMs: 300_000 });
    expect(await cache.get()).toBe('T1');
    now = 7200_000 - 300_001;
    expect(await cache.get()).toBe('T1');
    now = 7200_000 - 300_000;
    expect(await cache.get()).toBe('T2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test('a token fetched with little life left is kept for half of it, not fetched on every call', async () => {
    let now = 0;
    const fetchToken = jest.fn(async () => ({ accessToken: 'T', expiresInSeconds: 240 }));
    const cache = createAccessTokenCache({ fetchToken, now: () => now, refreshEarlyMs: 300_000 });
    await cache.get();
    now = 119_999;
    await cache.get();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    now = 120_000;
    await cache.get();
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test('a refused token is dropped and the next fetch forces a refresh', async () => {
    let n = 0;
    const fetchToken = jest.fn(async (_force: boolean) => ({ accessToken: `T${(n += 1)}`, expiresInSeconds: 7200 }));
    const cache = createAccessTokenCache({ fetchToken, now: () => 0 });
    await cache.get();
    cache.invalidate('stale-other-token');
    expect(await cache.get()).toBe('T1');
    cache.invalidate('T1');
    expect(await cache.get()).toBe('T2');
    expect(fetchToken.mock.calls.map(([force]) => force)).toEqual([false, true]);
  });

  test('a failed refresh is not cached', async () => {
    const fetchToken = jest
      .fn<Promise<FetchedAccessToken>, [boolean]>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce({ accessToken: 'T2', expiresInSeconds: 7200 });
    const cache = createAccessTokenCache({ fetchToken, now: () => 0 });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('T2');
  });

  test('processes sharing a cache use one token: the second finds the first one\'s', async () => {
    const shared = createMemoryAccessTokenCache();
    const fetchToken = jest.fn(async () => ({ accessToken: 'T1', expiresInSeconds: 7200 }));
    const first = createAccessTokenCache({ fetchToken, now: () => 0, cache: shared });
    const second = createAccessTokenCache({ fetchToken, now: () => 0, cache: shared });
    expect(await first.get()).toBe('T1');
    expect(await second.get()).toBe('T1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(await shared.get(APPID)).toEqual({ token: 'T1', expiresAt: 7200_000 - 300_000 });
  });

  test('with a lock, processes refreshing at once call stable_token once: the one after the lock reads the cache', async () => {
    const memory = createMemoryAccessTokenCache();
    let held: Promise<unknown> = Promise.resolve();
    const locks: string[] = [];
    const shared: AccessTokenCache = {
      get: (appid) => memory.get(appid),
      set: (appid, token, expiresAt) => memory.set(appid, token, expiresAt),
      lock<T>(appid: string, refresh: () => Promise<T>): Promise<T> {
        locks.push(appid);
        const run = held.then(refresh);
        held = run.catch(() => undefined);
        return run;
      },
    };
    const pending = deferred<FetchedAccessToken>();
    const fetchToken = jest.fn((_force: boolean) => pending.promise);
    const processes = [1, 2, 3].map(() => createAccessTokenCache({ fetchToken, now: () => 0, cache: shared }));
    const waiting = Promise.all(processes.map((tokens) => tokens.get()));
    pending.resolve({ accessToken: 'T1', expiresInSeconds: 7200 });
    expect(await waiting).toEqual(['T1', 'T1', 'T1']);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(locks).toEqual([APPID, APPID, APPID]);
  });

  test('a token another process refreshed after ours was refused is taken without a forced refresh', async () => {
    const shared = createMemoryAccessTokenCache();
    const fetchToken = jest.fn(async (_force: boolean) => ({ accessToken: 'T1', expiresInSeconds: 7200 }));
    const tokens = createAccessTokenCache({ fetchToken, now: () => 0, cache: shared });
    await tokens.get();
    tokens.invalidate('T1');
    await shared.set(APPID, 'T2', 7200_000);
    expect(await tokens.get()).toBe('T2');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });
});
