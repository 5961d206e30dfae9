/** What a getphonenumber event means for the page. */
import type { BindPhoneRequest } from '../../typings/contract';

export const PHONE_QUOTA_ERRNO = 1400001;

export type PhoneOutcome =
  | { kind: 'ok-code'; request: BindPhoneRequest }
  | { kind: 'ok-legacy'; request: BindPhoneRequest }
  /** The user declined or closed the sheet (or privacy consent was refused): nothing to say. */
  | { kind: 'cancel' }
  /** The account's paid quota is used up: the user can do nothing about it but should be told. */
  | { kind: 'quota' }
  /** WeChat said ok but sent neither a code nor encrypted data. */
  | { kind: 'unusable' };

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

export function classifyPhoneDetail(detail: WechatMiniprogramExtra.GetPhoneNumberDetail): PhoneOutcome {
  if (detail.errno === PHONE_QUOTA_ERRNO) return { kind: 'quota' };
  if (detail.errMsg !== 'getPhoneNumber:ok') return { kind: 'cancel' };
  if (nonEmpty(detail.code)) return { kind: 'ok-code', request: { code: detail.code } };
  if (nonEmpty(detail.encryptedData) && nonEmpty(detail.iv)) {
    return { kind: 'ok-legacy', request: { encryptedData: detail.encryptedData, iv: detail.iv } };
  }
  return { kind: 'unusable' };
}
