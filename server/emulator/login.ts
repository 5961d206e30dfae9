import { randomBytes } from 'node:crypto';
import { createCodeBook, MINTED_PREFIX } from './codes';
import type { CredentialsCheck } from './credentials';
import { failure, type WechatFailure } from './failure';
import { token } from './random-token';
import type { SessionBook } from './sessions';

/** The one user that unknown login codes map to in development mode (WeChat DevTools with a tourist AppID). */
export const DEV_OPENID = 'o-dev-user-0000000000000000';

interface LoginCode {
  openid: string;
  unionid: string | null;
  /** The app the code was minted for; null: whichever of the emulator's apps redeems it. */
  appid: string | null;
}

export interface LoginDeps {
  checkCredentials: CredentialsCheck;
  sessions: SessionBook;
  /** development: a code the emulator never minted logs in the development user instead of failing. */
  mode: 'development' | 'test';
  now: () => number;
}

/** wx.login's codes and their redemption at jscode2session, which starts the user's WeChat session. */
export function createLoginCodes(deps: LoginDeps) {
  const loginCodes = createCodeBook<LoginCode>(deps.now);

  return {
    mintLoginCode(openid: string | undefined, unionid: string | undefined, appid: string | undefined): { code: string; openid: string } {
      const owner = openid ?? `o${token(20)}`;
      const code = loginCodes.mint({ openid: owner, unionid: unionid ?? null, appid: appid ?? null });
      return { code, openid: owner };
    },

    jscode2session(query: Record<string, unknown>): Record<string, unknown> {
      const bad = deps.checkCredentials(query.appid, query.secret);
      if (bad !== null) return bad;
      if (query.grant_type !== 'authorization_code') return failure(40002, 'invalid grant_type');
      if (typeof query.js_code !== 'string' || query.js_code === '') return failure(41008, 'missing code');
      const devToolsCode = deps.mode === 'development' && !query.js_code.startsWith(MINTED_PREFIX);
      const appid = String(query.appid);
      const redeemed: LoginCode | WechatFailure = devToolsCode
        ? { openid: DEV_OPENID, unionid: null, appid }
        : loginCodes.redeem(query.js_code, (entry) => entry.appid === null || entry.appid === appid);
      if ('errcode' in redeemed) return redeemed;
      // Every login gives a fresh session_key, as wx.login may on WeChat.
      const sessionKey = randomBytes(16).toString('base64');
      deps.sessions.set(redeemed.openid, { sessionKey, valid: true, appid });
      return {
        openid: redeemed.openid,
        session_key: sessionKey,
        ...(redeemed.unionid !== null ? { unionid: redeemed.unionid } : {}),
      };
    },
  };
}
