/**
 * The fake's wx.getUserProfile: the anonymous profile base library >= 2.27.1 returns, real-looking
 * data below it, or what the test scripted (a denial or a given userInfo).
 */
import { atLeast, SINCE } from '../../simulator/runtime/version';
import { WxFailure, type Answer, type Callbacks, type WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';

export const ANONYMOUS_NICKNAME = '微信用户';
export const ANONYMOUS_AVATAR_URL = 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132';

export interface FakeUserInfo {
  nickName: string;
  avatarUrl: string;
  gender?: 0 | 1 | 2;
  country?: string;
  province?: string;
  city?: string;
  language?: 'en' | 'zh_CN' | 'zh_TW';
}

export interface FakeUserProfileControls {
  denyNext(): void;
  respondNext(userInfo: FakeUserInfo): void;
}

function defaultUserInfo(sdkVersion: string): FakeUserInfo {
  return atLeast(sdkVersion, SINCE.anonymousProfile)
    ? { nickName: ANONYMOUS_NICKNAME, avatarUrl: ANONYMOUS_AVATAR_URL, gender: 0, language: 'zh_CN' }
    : { nickName: '测试用户', avatarUrl: 'https://thirdwx.qlogo.cn/fake/real-avatar.png', gender: 1, language: 'zh_CN' };
}

export function fakeUserProfile(
  calls: FakeCalls,
  answer: Answer,
  sdkVersion: string,
): { apis: WxApis; controls: FakeUserProfileControls } {
  const script: Array<FakeUserInfo | 'deny'> = [];
  const getUserProfile = (option: { desc: string; lang?: string } & Callbacks<unknown>) =>
    answer(option, () => {
      calls.userProfile.push(option.desc);
      const desc = option.desc ?? '';
      if (desc.length === 0 || desc.length > 30) throw new WxFailure('getUserProfile:fail desc length does not meet the requirements');
      const scripted = script.shift();
      if (scripted === 'deny') throw new WxFailure('getUserProfile:fail auth deny');
      const userInfo = scripted ?? defaultUserInfo(sdkVersion);
      return { userInfo, rawData: JSON.stringify(userInfo), signature: 'fake-signature', errMsg: 'getUserProfile:ok' };
    });
  const controls: FakeUserProfileControls = {
    denyNext: () => {
      script.push('deny');
    },
    respondNext: (userInfo) => {
      script.push(userInfo);
    },
  };
  return { apis: { getUserProfile }, controls };
}
