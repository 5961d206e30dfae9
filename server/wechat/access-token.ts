export interface FetchedAccessToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface CachedAccessToken {
  token: string;
  /** Epoch ms after which the token is no longer handed out (already ahead of WeChat's expiry). */
  expiresAt: number;
}

/**
 * Where access_tokens are kept. The default lives in this process; several processes or hosts share one (a
 * Redis hash, a database row) so that they do not refresh in turn and void each other's tokens.
 */
export interface AccessTokenCache {
  get(appid: string): Promise<CachedAccessToken | null>;
  set(appid: string, token: string, expiresAt: number): Promise<void>;
  /**
   * Runs `refresh` holding a lock shared by every process on this cache, so one of them calls stable_token
   * at a time; the others find the new token in the cache once they hold the lock. Absent: in-process only.
   */
  lock?<T>(appid: string, refresh: () => Promise<T>): Promise<T>;
}

/** The default cache: a Map in this process, which is all a single server needs. */
export function createMemoryAccessTokenCache(): AccessTokenCache {
  const tokens = new Map<string, CachedAccessToken>();
  return {
    async get(appid) {
      return tokens.get(appid) ?? null;
    },
    async set(appid, token, expiresAt) {
      tokens.set(appid, { token, expiresAt });
    },
  };
}

/** One app's access_token: cached, refreshed early, one refresh at a time. */
export interface AccessTokens {
  get(): Promise<string>;
  /** Drops a token WeChat refused, so the next get() fetches a fresh one with force_refresh. */
  invalidate(token: string): void;
}

export interface AccessTokensDeps {
  appid: string;
  cache: AccessTokenCache;
  fetchToken(forceRefresh: boolean): Promise<FetchedAccessToken>;
  now: () => number;
  /** Refresh this long before WeChat's expiry, so a token never dies in flight. */
  refreshEarlyMs?: number;
}

export function createAccessTokens(deps: AccessTokensDeps): AccessTokens {
  const refreshEarlyMs = deps.refreshEarlyMs ?? 5 * 60 * 1000;
  let refreshing: Promise<string> | null = null;
  let refused: string | null = null;

  async function usable(): Promise<string | null> {
    const cached = await deps.cache.get(deps.appid);
    if (cached === null || deps.now() >= cached.expiresAt || cached.token === refused) return null;
    refused = null;
    return cached.token;
  }

  async function fetchAndStore(): Promise<string> {
    // Another process holding the lock before us may have refreshed already.
    const fresh = await usable();
    if (fresh !== null) return fresh;
    const { accessToken, expiresInSeconds } = await deps.fetchToken(refused !== null);
    // stable_token hands back the same token, with what is left of its life, until it expires: one that
    // is already inside the early window is kept for half its rest, not fetched again on every call.
    const lifeMs = expiresInSeconds * 1000;
    await deps.cache.set(deps.appid, accessToken, deps.now() + Math.max(lifeMs - refreshEarlyMs, lifeMs / 2));
    refused = null;
    return accessToken;
  }

  function refresh(): Promise<string> {
    // One refresh at a time: concurrent callers share the promise in flight.
    if (refreshing !== null) return refreshing;
    const cache = deps.cache;
    const run = cache.lock === undefined ? fetchAndStore() : cache.lock<string>(deps.appid, fetchAndStore);
    const shared = run.finally(() => {
      refreshing = null;
    });
    refreshing = shared;
    return shared;
  }

  return {
    async get() {
      return (await usable()) ?? refresh();
    },
    invalidate(token) {
      refused = token;
    },
  };
}
