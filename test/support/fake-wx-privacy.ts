/**
 * The fake's privacy APIs (wx.getPrivacySetting, onNeedPrivacyAuthorization, openPrivacyContract):
 * each call recorded; whether authorization is needed is the test's option.
 */
import type { Answer, Callbacks, WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';

export function fakePrivacy(calls: FakeCalls, answer: Answer, needAuthorization: boolean): WxApis {
  return {
    getPrivacySetting: (option?: Callbacks<unknown>) =>
      answer(option, () => {
        calls.privacy.push('getPrivacySetting');
        return {
          needAuthorization,
          privacyContractName: '《示例小程序隐私保护指引》',
          errMsg: 'getPrivacySetting:ok',
        };
      }),
    onNeedPrivacyAuthorization: () => {
      calls.privacy.push('onNeedPrivacyAuthorization');
    },
    openPrivacyContract: (option?: Callbacks<unknown>) =>
      answer(option, () => {
        calls.privacy.push('openPrivacyContract');
        return { errMsg: 'openPrivacyContract:ok' };
      }),
  };
}
