import { createAccessTokenCache, type FetchedAccessToken } from '../../server/wechat/access-token';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
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
});
