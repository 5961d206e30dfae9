import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encryptWechatData } from '../wechat/decrypt';

export const EMULATOR_APPID = 'wxemulator0000000';
/** A second emulated mini-program, for several-app set-ups and their tests. */
export const EMULATOR_SECOND_APPID = 'wxemulator0000001';
/** WeChat DevTools' and the headless runtime's AppID (project.config.json). */
export const TOURIST_APPID = 'touristappid';
/** The mini-programs the emulator serves, the first being the server's default. */
export const EMULATOR_APPIDS = [EMULATOR_APPID, EMULATOR_SECOND_APPID, TOURIST_APPID] as const;
/** Not a secret: the emulator only checks that the client sends the value it was configured with. */
export const EMULATOR_SECRET = 'emulator-appsecret';
/** The one user that unknown login codes map to in development mode (WeChat DevTools with a tourist AppID). */
export const DEV_OPENID = 'o-dev-user-0000000000000000';

const CODE_TTL_MS = 5 * 60 * 1000;
/** Marks the codes this emulator minted, so one it has since forgotten is never taken for a DevTools code. */
const MINTED_PREFIX = 'emu';
const ACCESS_TOKEN_TTL_S = 7200;

export const WECHAT_PATHS = ['/sns/jscode2session', '/cgi-bin/stable_token', '/wxa/business/getuserphonenumber'] as const;
export type WechatPath = (typeof WECHAT_PATHS)[number];

export type WechatFailure = { errcode: number; errmsg: string };

export interface Fault {
  errcode?: number;
  delayMs?: number;
}

interface LoginCode {
  openid: string;
  unionid: string | null;
  /** The app the code was minted for; null: whichever of the emulator's apps redeems it. */
  appid: string | null;
  expiresAt: number;
  used: boolean;
}

interface PhoneCode {
  phoneNumber: string;
  countryCode: string;
  /** The app the user's session is in: only that app's access_token redeems the code; null: any. */
  appid: string | null;
  expiresAt: number;
  used: boolean;
}

export interface Session {
  sessionKey: string;
  valid: boolean;
  /** The app the session was made through (absent in files from before several apps). */
  appid?: string;
}

export interface EmulatorStateOptions {
  /** The emulated mini-programs; they share one AppSecret. */
  appids: readonly string[];
  secret: string;
  /** development: a code the emulator never minted logs in the development user instead of failing. */
  mode: 'development' | 'test';
  now: () => number;
  /** Sessions from an earlier run: WeChat's state does not reset when the developer's server restarts. */
  sessions?: Record<string, Session>;
  /** Told whenever a session changes, so it can be saved. */
  onSessionsChanged?: () => void;
}

/** Compares digests in constant time, so the answer's timing says nothing about how much of the secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

const failure = (errcode: number, errmsg: string): WechatFailure => ({ errcode, errmsg });

export type EmulatorState = ReturnType<typeof createEmulatorState>;

export function createEmulatorState(options: EmulatorStateOptions) {
  const loginCodes = new Map<string, LoginCode>();
  const phoneCodes = new Map<string, PhoneCode>();
  const sessions = new Map<string, Session>(Object.entries(options.sessions ?? {}));
  const sessionsChanged = options.onSessionsChanged ?? (() => undefined);
  /** Each app's live access_token: WeChat's stable_token hands every caller of one app the same one. */
  const accessTokens = new Map<string, { value: string; expiresAt: number }>();
  const defaultAppid = options.appids[0] ?? '';
  const faults = new Map<WechatPath, Fault[]>();
  const calls = new Map<WechatPath, number>(WECHAT_PATHS.map((path) => [path, 0]));

  function credentialsMatch(appid: unknown, secret: unknown): WechatFailure | null {
    if (appid === undefined || appid === '') return failure(41002, 'appid missing');
    if (secret === undefined || secret === '') return failure(41004, 'appsecret missing');
    if (typeof appid !== 'string' || !options.appids.includes(appid)) return failure(40013, 'invalid appid');
    if (typeof secret !== 'string' || !sameSecret(secret, options.secret)) return failure(40125, 'invalid appsecret');
    return null;
  }

  /**
   * Forgets codes past their lifetime: an expired minted code answers 40029 whether remembered or not. Codes
   * share one lifetime, so the map is in expiry order and the sweep stops at the first live code: minting
   * stays cheap however many codes are live (the bench mints tens of thousands).
   */
  function prune(codes: Map<string, { expiresAt: number }>): void {
    const now = options.now();
    for (const [code, entry] of codes) {
      if (entry.expiresAt > now) return;
      codes.delete(code);
    }
  }

  function redeem<T extends { expiresAt: number; used: boolean }>(codes: Map<string, T>, code: string, belongs: (entry: T) => boolean = () => true): T | WechatFailure {
    const entry = codes.get(code);
    // A code minted for another app is as unknown to this one as a made-up code.
    if (entry === undefined || !belongs(entry)) return failure(40029, 'invalid code');
    if (entry.used) return failure(40163, 'code been used');
    if (options.now() >= entry.expiresAt) return failure(40029, 'invalid code');
    entry.used = true;
    return entry;
  }

  return {
    mintLoginCode(openid: string | undefined, unionid: string | undefined, appid: string | undefined): { code: string; openid: string } {
      prune(loginCodes);
      const code = `${MINTED_PREFIX}${token(24)}`;
      const owner = openid ?? `o${token(20)}`;
      loginCodes.set(code, { openid: owner, unionid: unionid ?? null, appid: appid ?? null, expiresAt: options.now() + CODE_TTL_MS, used: false });
      return { code, openid: owner };
    },

    jscode2session(query: Record<string, unknown>): Record<string, unknown> {
      const bad = credentialsMatch(query.appid, query.secret);
      if (bad !== null) return bad;
      if (query.grant_type !== 'authorization_code') return failure(40002, 'invalid grant_type');
      if (typeof query.js_code !== 'string' || query.js_code === '') return failure(41008, 'missing code');
      const devToolsCode = options.mode === 'development' && !query.js_code.startsWith(MINTED_PREFIX);
      const appid = String(query.appid);
      const redeemed: LoginCode | WechatFailure = devToolsCode
        ? { openid: DEV_OPENID, unionid: null, appid, expiresAt: Infinity, used: true }
        : redeem(loginCodes, query.js_code, (entry) => entry.appid === null || entry.appid === appid);
      if ('errcode' in redeemed) return redeemed;
      // Every login gives a fresh session_key, as wx.login may on WeChat.
      const sessionKey = randomBytes(16).toString('base64');
      sessions.set(redeemed.openid, { sessionKey, valid: true, appid });
      sessionsChanged();
      return {
        openid: redeemed.openid,
        session_key: sessionKey,
        ...(redeemed.unionid !== null ? { unionid: redeemed.unionid } : {}),
      };
    },

    stableToken(body: Record<string, unknown>): Record<string, unknown> {
      const bad = credentialsMatch(body.appid, body.secret);
      if (bad !== null) return bad;
      if (body.grant_type !== 'client_credential') return failure(40002, 'invalid grant_type');
      // The same token to every caller until it expires or a refresh is forced; a forced refresh ends the
      // previous token at once.
      const appid = String(body.appid);
      let accessToken = accessTokens.get(appid);
      if (accessToken === undefined || body.force_refresh === true || options.now() >= accessToken.expiresAt) {
        accessToken = { value: token(48), expiresAt: options.now() + ACCESS_TOKEN_TTL_S * 1000 };
        accessTokens.set(appid, accessToken);
      }
      return { access_token: accessToken.value, expires_in: Math.max(0, Math.round((accessToken.expiresAt - options.now()) / 1000)) };
    },

    mintPhoneCode(openid: string, phoneNumber: string, countryCode: string): string {
      prune(phoneCodes);
      const code = `${MINTED_PREFIX}${token(24)}`;
      const appid = sessions.get(openid)?.appid ?? null;
      phoneCodes.set(code, { phoneNumber, countryCode, appid, expiresAt: options.now() + CODE_TTL_MS, used: false });
      return code;
    },

    getuserphonenumber(given: unknown, body: Record<string, unknown>): Record<string, unknown> {
      if (typeof given !== 'string' || given === '') return failure(41001, 'access_token missing');
      const owner = [...accessTokens].find(([, live]) => live.value === given && options.now() < live.expiresAt);
      if (owner === undefined) return failure(40001, 'invalid credential, access_token is invalid or not latest');
      const appid = owner[0];
      if (typeof body.code !== 'string' || body.code === '') return failure(41008, 'missing code');
      const redeemed = redeem(phoneCodes, body.code, (entry) => entry.appid === null || entry.appid === appid);
      if ('errcode' in redeemed) return redeemed;
      const { phoneNumber, countryCode } = redeemed;
      return {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          // WeChat puts the area code in phoneNumber for numbers outside mainland China only.
          phoneNumber: countryCode === '86' ? phoneNumber : `+${countryCode}${phoneNumber}`,
          purePhoneNumber: phoneNumber,
          countryCode,
          watermark: { timestamp: Math.floor(options.now() / 1000), appid },
        },
      };
    },

    /** Legacy getPhoneNumber data under the openid's current session_key, or null without a valid session. */
    encryptedPhone(openid: string, phoneNumber: string, countryCode: string): { encryptedData: string; iv: string } | null {
      const session = sessions.get(openid);
      if (session === undefined || !session.valid) return null;
      const iv = randomBytes(16).toString('base64');
      const plaintext = {
        phoneNumber: countryCode === '86' ? phoneNumber : `+${countryCode}${phoneNumber}`,
        purePhoneNumber: phoneNumber,
        countryCode,
        watermark: { timestamp: Math.floor(options.now() / 1000), appid: session.appid ?? defaultAppid },
      };
      return { encryptedData: encryptWechatData(plaintext, session.sessionKey, iv), iv };
    },

    expireSession(openid: string): void {
      const session = sessions.get(openid);
      if (session === undefined) return;
      session.valid = false;
      sessionsChanged();
    },

    sessions(): Record<string, Session> {
      return Object.fromEntries(sessions);
    },

    /** The app the openid last logged in through, if it ever did. */
    appOf(openid: string): string | undefined {
      return sessions.get(openid)?.appid;
    },

    sessionValid(openid: string): boolean {
      return sessions.get(openid)?.valid === true;
    },

    addFault(path: WechatPath, fault: Fault, times: number): void {
      const queue = faults.get(path) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(path, queue);
    },

    /** Counts the call and hands back the fault it must suffer, if one is queued. */
    enter(path: WechatPath): Fault | undefined {
      calls.set(path, (calls.get(path) ?? 0) + 1);
      return faults.get(path)?.shift();
    },

    calls(): Record<WechatPath, number> {
      return Object.fromEntries(WECHAT_PATHS.map((path) => [path, calls.get(path) ?? 0])) as Record<WechatPath, number>;
    },
  };
}
