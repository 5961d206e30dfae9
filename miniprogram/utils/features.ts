/** Which profile and phone features this base library offers (see shared/wechat-platform.md). */
import { isAtLeast, sdkVersion, type VersionSource } from './version';

export const GET_USER_PROFILE_SINCE = '2.10.4';
export const CHOOSE_AVATAR_SINCE = '2.21.2';
export const PHONE_CODE_SINCE = '2.21.2';
export const ANONYMOUS_PROFILE_SINCE = '2.27.1';

export type FeatureSource = VersionSource & Partial<Pick<WechatMiniprogram.Wx, 'canIUse' | 'getUserProfile' | 'openPrivacyContract'>>;

export interface Features {
  version: string;
  /** How the "use my WeChat profile" button works: a tap calling wx.getUserProfile, or open-type="getUserInfo". */
  profileApi: 'getUserProfile' | 'getUserInfo';
  /** `<button open-type="chooseAvatar">` and `<input type="nickname">`. */
  chooseAvatar: boolean;
  /** getUserProfile / getUserInfo only hand out "微信用户" and a grey avatar: not worth offering. */
  anonymousProfile: boolean;
  /** wx.openPrivacyContract opens the privacy guide WeChat keeps for the mini-program (2.32.3+). */
  privacyContract: boolean;
  /** getPhoneNumber hands out a `code`; older versions only the legacy encryptedData. */
  phoneCode: boolean;
}

function canIUse(source: FeatureSource, schema: string): boolean {
  if (typeof source.canIUse !== 'function') return false;
  try {
    return source.canIUse(schema);
  } catch {
    return false;
  }
}

export function detectFeatures(source: FeatureSource): Features {
  const version = sdkVersion(source);
  const hasGetUserProfile =
    isAtLeast(version, GET_USER_PROFILE_SINCE) &&
    typeof source.getUserProfile === 'function' &&
    canIUse(source, 'getUserProfile');
  return {
    version,
    profileApi: hasGetUserProfile ? 'getUserProfile' : 'getUserInfo',
    chooseAvatar: isAtLeast(version, CHOOSE_AVATAR_SINCE) && canIUse(source, 'button.open-type.chooseAvatar'),
    anonymousProfile: isAtLeast(version, ANONYMOUS_PROFILE_SINCE),
    phoneCode: isAtLeast(version, PHONE_CODE_SINCE),
    privacyContract: typeof source.openPrivacyContract === 'function',
  };
}
