/**
 * What WeChat offers from which base library: the one table both the headless runtime and the unit
 * tests' fake wx answer canIUse and feature detection from.
 */
import { compareVersion } from '../../miniprogram/utils/version';

export function atLeast(sdkVersion: string, minimum: string): boolean {
  return compareVersion(sdkVersion, minimum) >= 0;
}

/** The first base library each capability appeared in (WeChat's own documentation). */
export const SINCE = {
  getUserProfile: '2.10.4',
  chooseAvatar: '2.21.2',
  nicknameInput: '2.21.2',
  phoneCode: '2.21.2',
  getAppBaseInfo: '2.20.1',
  anonymousProfile: '2.27.1',
  privacyApi: '2.32.3',
} as const;

/** wx.canIUse schema strings the runtime knows, with the version they need. */
const CAN_I_USE: Readonly<Record<string, string>> = {
  getUserProfile: SINCE.getUserProfile,
  'button.open-type.chooseAvatar': SINCE.chooseAvatar,
  'button.open-type.getPhoneNumber': '1.2.0',
  'button.open-type.getUserInfo': '1.3.0',
  'button.open-type.agreePrivacyAuthorization': SINCE.privacyApi,
  'input.type.nickname': SINCE.nicknameInput,
  getAppBaseInfo: SINCE.getAppBaseInfo,
  onNeedPrivacyAuthorization: SINCE.privacyApi,
  requirePrivacyAuthorize: SINCE.privacyApi,
  getPrivacySetting: SINCE.privacyApi,
  openPrivacyContract: SINCE.privacyApi,
};

/** The wx APIs that do not exist at all below their version (feature detection must see undefined). */
export const API_SINCE: Readonly<Record<string, string>> = {
  getUserProfile: SINCE.getUserProfile,
  getAppBaseInfo: SINCE.getAppBaseInfo,
  onNeedPrivacyAuthorization: SINCE.privacyApi,
  requirePrivacyAuthorize: SINCE.privacyApi,
  getPrivacySetting: SINCE.privacyApi,
  openPrivacyContract: SINCE.privacyApi,
};

/** The first base library `schema` (an API or a component feature) appeared in, when the table knows it. */
export function supportedSince(schema: string): string | undefined {
  return CAN_I_USE[schema];
}

export function canIUse(schema: string, sdkVersion: string, implemented: (api: string) => boolean): boolean {
  const since = CAN_I_USE[schema];
  if (since !== undefined) return atLeast(sdkVersion, since);
  const api = schema.split('.')[0] ?? '';
  return !schema.includes('.') && implemented(api);
}
