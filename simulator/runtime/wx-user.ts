/**
 * Who the user is to WeChat: wx.login's code and session from the emulator, and the profile the
 * scripted user gives (anonymous from base library 2.27.1 on, as WeChat does).
 */
import { createHash, randomBytes } from 'crypto';
import type { UserScript } from '../types';
import { ApiFailure } from './callbacks';
import { atLeast, SINCE } from './version';
import { ok, type WxKit } from './wx-kit';
import type { WxTable } from './wx';

/** The grey default avatar WeChat hands out with the anonymous profile (base library ≥ 2.27.1). */
export const ANONYMOUS_AVATAR_URL =
  'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132';
export const ANONYMOUS_NICKNAME = '微信用户';

export function profileFor(user: UserScript, sdkVersion: string): Record<string, unknown> | null {
  if (user.profile.answer !== 'allow') return null;
  const anonymous = atLeast(sdkVersion, SINCE.anonymousProfile);
  return {
    nickName: anonymous ? ANONYMOUS_NICKNAME : user.profile.nickName,
    avatarUrl: anonymous ? ANONYMOUS_AVATAR_URL : user.profile.avatarUrl,
    gender: 0,
    country: '',
    province: '',
    city: '',
    language: 'zh_CN',
  };
}

/** getUserProfile / getUserInfo payload: the profile plus the signed and encrypted copies WeChat adds. */
export function userInfoPayload(userInfo: Record<string, unknown>, errMsg: string): Record<string, unknown> {
  const rawData = JSON.stringify(userInfo);
  return {
    userInfo,
    rawData,
    signature: createHash('sha1').update(rawData).digest('hex'),
    encryptedData: randomBytes(96).toString('base64'),
    iv: randomBytes(16).toString('base64'),
    cloudID: undefined,
    errMsg,
  };
}

export function userApis({ deps, api }: WxKit): WxTable {
  const getUserProfile = (raw?: unknown): Promise<unknown> | undefined => {
    // Whether this runs inside a tap is decided when the page calls, not when the promise runs.
    const inGesture = deps.gesture.active;
    return api('getUserProfile', async (options) => {
      const desc = typeof options.desc === 'string' ? options.desc : '';
      if (!desc || desc.length > 30) throw new ApiFailure('getUserProfile:fail desc length does not meet the requirements');
      if (!inGesture) throw new ApiFailure('getUserProfile:fail can only be invoked by user TAP gesture.');
      if (!(await deps.privacy.require('getUserProfile'))) throw new ApiFailure('getUserProfile:fail privacy permission is not authorized', 104);
      const profile = profileFor(deps.user(), deps.sdkVersion);
      if (!profile) throw new ApiFailure('getUserProfile:fail auth deny');
      return userInfoPayload(profile, 'getUserProfile:ok');
    })(raw);
  };
  return {
    login: api('login', async () => {
      const { code } = await deps.emulator.loginCode(deps.openid());
      return ok('login', { code });
    }),
    checkSession: api('checkSession', async () => {
      if (!(await deps.emulator.sessionValid(deps.openid()))) throw new ApiFailure('checkSession:fail session time out');
      return ok('checkSession');
    }),
    getUserProfile,
    getUserInfo: api('getUserInfo', async () => {
      const anonymous = { nickName: ANONYMOUS_NICKNAME, avatarUrl: ANONYMOUS_AVATAR_URL, gender: 0, country: '', province: '', city: '', language: 'zh_CN' };
      return userInfoPayload(anonymous, 'getUserInfo:ok');
    }),
  };
}
