import { randomBytes } from 'node:crypto';
import { encryptWechatData } from '../wechat/decrypt';
import { createCodeBook } from './codes';
import { failure } from './failure';
import type { SessionBook } from './sessions';

interface PhoneCode {
  phoneNumber: string;
  countryCode: string;
  /** The app the user's session is in: only that app's access_token redeems the code; null: any. */
  appid: string | null;
}

export interface PhoneDeps {
  sessions: SessionBook;
  /** The app a live access_token belongs to (createAccessTokenIssuer's appOfToken). */
  appOfToken: (accessToken: string) => string | undefined;
  /** The app a session from before several apps is taken to be in. */
  defaultAppid: string;
  now: () => number;
}

/** The phone number as WeChat hands it over, in getuserphonenumber's phone_info and in the legacy encrypted data. */
function phoneInfo(phoneNumber: string, countryCode: string, appid: string, now: number) {
  return {
    // WeChat puts the area code in phoneNumber for numbers outside mainland China only.
    phoneNumber: countryCode === '86' ? phoneNumber : `+${countryCode}${phoneNumber}`,
    purePhoneNumber: phoneNumber,
    countryCode,
    watermark: { timestamp: Math.floor(now / 1000), appid },
  };
}

/** getPhoneNumber's two ways: a phone code redeemed with an access_token, and the legacy encrypted data. */
export function createPhoneNumbers(deps: PhoneDeps) {
  const phoneCodes = createCodeBook<PhoneCode>(deps.now);

  return {
    mintPhoneCode(openid: string, phoneNumber: string, countryCode: string): string {
      return phoneCodes.mint({ phoneNumber, countryCode, appid: deps.sessions.get(openid)?.appid ?? null });
    },

    getuserphonenumber(given: unknown, body: Record<string, unknown>): Record<string, unknown> {
      if (typeof given !== 'string' || given === '') return failure(41001, 'access_token missing');
      const appid = deps.appOfToken(given);
      if (appid === undefined) return failure(40001, 'invalid credential, access_token is invalid or not latest');
      if (typeof body.code !== 'string' || body.code === '') return failure(41008, 'missing code');
      const redeemed = phoneCodes.redeem(body.code, (entry) => entry.appid === null || entry.appid === appid);
      if ('errcode' in redeemed) return redeemed;
      return { errcode: 0, errmsg: 'ok', phone_info: phoneInfo(redeemed.phoneNumber, redeemed.countryCode, appid, deps.now()) };
    },

    /** Legacy getPhoneNumber data under the openid's current session_key, or null without a valid session. */
    encryptedPhone(openid: string, phoneNumber: string, countryCode: string): { encryptedData: string; iv: string } | null {
      const session = deps.sessions.get(openid);
      if (session === undefined || !session.valid) return null;
      const iv = randomBytes(16).toString('base64');
      const plaintext = phoneInfo(phoneNumber, countryCode, session.appid ?? deps.defaultAppid, deps.now());
      return { encryptedData: encryptWechatData(plaintext, session.sessionKey, iv), iv };
    },
  };
}
