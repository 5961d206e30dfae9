import { createAccessTokenIssuer } from './access-tokens';
import { credentialsCheck } from './credentials';
import { createFaultQueue } from './faults';
import { createLoginCodes } from './login';
import { createPhoneNumbers } from './phone';
import { createSessionBook, type Session } from './sessions';

export const EMULATOR_APPID = 'wxemulator0000000';
/** A second emulated mini-program, for several-app set-ups and their tests. */
export const EMULATOR_SECOND_APPID = 'wxemulator0000001';
/** WeChat DevTools' and the headless runtime's AppID (project.config.json). */
export const TOURIST_APPID = 'touristappid';
/** The mini-programs the emulator serves, the first being the server's default. */
export const EMULATOR_APPIDS = [EMULATOR_APPID, EMULATOR_SECOND_APPID, TOURIST_APPID] as const;
/** Not a secret: the emulator only checks that the client sends the value it was configured with. */
export const EMULATOR_SECRET = 'emulator-appsecret';

export { DEV_OPENID } from './login';
export type { WechatFailure } from './failure';
export { WECHAT_PATHS, type Fault, type WechatPath } from './faults';
export type { Session } from './sessions';

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

export type EmulatorState = ReturnType<typeof createEmulatorState>;

/** WeChat's side of every emulated app: login and phone codes, sessions, access_tokens, and the faults tests queue. */
export function createEmulatorState(options: EmulatorStateOptions) {
  const sessions = createSessionBook(options.sessions ?? {}, options.onSessionsChanged ?? (() => undefined));
  const checkCredentials = credentialsCheck(options.appids, options.secret);
  const accessTokens = createAccessTokenIssuer(checkCredentials, options.now);
  const login = createLoginCodes({ checkCredentials, sessions, mode: options.mode, now: options.now });
  const phone = createPhoneNumbers({ sessions, appOfToken: accessTokens.appOfToken, defaultAppid: options.appids[0] ?? '', now: options.now });
  const faults = createFaultQueue();

  return {
    mintLoginCode: login.mintLoginCode,
    jscode2session: login.jscode2session,
    stableToken: accessTokens.stableToken,
    mintPhoneCode: phone.mintPhoneCode,
    getuserphonenumber: phone.getuserphonenumber,
    encryptedPhone: phone.encryptedPhone,
    expireSession: sessions.expire,
    sessions: sessions.all,
    /** The app the openid last logged in through, if it ever did. */
    appOf: (openid: string): string | undefined => sessions.get(openid)?.appid,
    sessionValid: (openid: string): boolean => sessions.get(openid)?.valid === true,
    addFault: faults.addFault,
    enter: faults.enter,
    calls: faults.calls,
  };
}
