import type { CredentialsCheck } from './credentials';
import { failure } from './failure';
import { token } from './random-token';

const ACCESS_TOKEN_TTL_S = 7200;

/** stable_token as WeChat runs it: each app's one live access_token, and which app a given token is live for. */
export function createAccessTokenIssuer(checkCredentials: CredentialsCheck, now: () => number) {
  /** Each app's live access_token: WeChat's stable_token hands every caller of one app the same one. */
  const accessTokens = new Map<string, { value: string; expiresAt: number }>();

  return {
    stableToken(body: Record<string, unknown>): Record<string, unknown> {
      const bad = checkCredentials(body.appid, body.secret);
      if (bad !== null) return bad;
      if (body.grant_type !== 'client_credential') return failure(40002, 'invalid grant_type');
      // The same token to every caller until it expires or a refresh is forced; a forced refresh ends the
      // previous token at once.
      const appid = String(body.appid);
      let accessToken = accessTokens.get(appid);
      if (accessToken === undefined || body.force_refresh === true || now() >= accessToken.expiresAt) {
        accessToken = { value: token(48), expiresAt: now() + ACCESS_TOKEN_TTL_S * 1000 };
        accessTokens.set(appid, accessToken);
      }
      return { access_token: accessToken.value, expires_in: Math.max(0, Math.round((accessToken.expiresAt - now()) / 1000)) };
    },

    /** The app the token is the live access_token of; undefined for a made-up, replaced or expired one. */
    appOfToken(given: string): string | undefined {
      return [...accessTokens].find(([, live]) => live.value === given && now() < live.expiresAt)?.[0];
    },
  };
}
