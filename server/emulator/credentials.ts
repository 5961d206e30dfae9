import { createHash, timingSafeEqual } from 'node:crypto';
import { failure, type WechatFailure } from './failure';

/** Compares digests in constant time, so the answer's timing says nothing about how much of the secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks an appid/secret pair; null when it is one of the emulated apps, else WeChat's refusal. */
export type CredentialsCheck = (appid: unknown, secret: unknown) => WechatFailure | null;

/** The AppID/AppSecret check that jscode2session and stable_token share, with WeChat's errcodes in its order. */
export function credentialsCheck(appids: readonly string[], secret: string): CredentialsCheck {
  return (givenAppid, givenSecret) => {
    if (givenAppid === undefined || givenAppid === '') return failure(41002, 'appid missing');
    if (givenSecret === undefined || givenSecret === '') return failure(41004, 'appsecret missing');
    if (typeof givenAppid !== 'string' || !appids.includes(givenAppid)) return failure(40013, 'invalid appid');
    if (typeof givenSecret !== 'string' || !sameSecret(givenSecret, secret)) return failure(40125, 'invalid appsecret');
    return null;
  };
}
