export interface FetchedAccessToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface AccessTokenCache {
  get(): Promise<string>;
  /** Drops a token WeChat refused, so the next get() fetches a fresh one with force_refresh. */
  invalidate(token: string): void;
}

export interface AccessTokenCacheDeps {
  fetchToken(forceRefresh: boolean): Promise<FetchedAccessToken>;
  now: () => number;
  /** Refresh this long before WeChat's expiry, so a token never dies in flight. */
  refreshEarlyMs?: number;
}

export function createAccessTokenCache(deps: AccessTokenCacheDeps): AccessTokenCache {
  const refreshEarlyMs = deps.refreshEarlyMs ?? 5 * 60 * 1000;
  let cached: { token: string; refreshAt: number } | null = null;
  let refreshing: Promise<string> | null = null;
  let forceNext = false;

  function refresh(): Promise<string> {
    // One refresh at a time: concurrent callers share the promise in flight.
    if (refreshing !== null) return refreshing;
    const force = forceNext;
    forceNext = false;
    refreshing = deps
      .fetchToken(force)
      .then(({ accessToken, expiresInSeconds }) => {
        // stable_token hands back the same token, with what is left of its life, until it expires: one that
        // is already inside the early window is kept for half its rest, not fetched again on every call.
        const lifeMs = expiresInSeconds * 1000;
        cached = { token: accessToken, refreshAt: deps.now() + Math.max(lifeMs - refreshEarlyMs, lifeMs / 2) };
        return accessToken;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  return {
    async get() {
      if (cached !== null && deps.now() < cached.refreshAt) return cached.token;
      return refresh();
    },
    invalidate(token) {
      if (cached?.token === token) {
        cached = null;
        forceNext = true;
      }
    },
  };
}
