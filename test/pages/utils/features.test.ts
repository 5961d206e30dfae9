import { detectFeatures } from '../../../miniprogram/utils/features';
import { createFakeWx } from '../../support/fake-wx';

describe('detectFeatures by base library version', () => {
  test.each([
    ['2.10.0', { profileApi: 'getUserInfo', chooseAvatar: false, anonymousProfile: false, phoneCode: false, privacyContract: false }],
    ['2.10.4', { profileApi: 'getUserProfile', chooseAvatar: false, anonymousProfile: false, phoneCode: false, privacyContract: false }],
    ['2.21.2', { profileApi: 'getUserProfile', chooseAvatar: true, anonymousProfile: false, phoneCode: true, privacyContract: false }],
    ['2.27.1', { profileApi: 'getUserProfile', chooseAvatar: true, anonymousProfile: true, phoneCode: true, privacyContract: false }],
    ['3.7.0', { profileApi: 'getUserProfile', chooseAvatar: true, anonymousProfile: true, phoneCode: true, privacyContract: true }],
  ])('%s', (sdkVersion, expected) => {
    expect(detectFeatures(createFakeWx({ sdkVersion }).wx)).toEqual({ version: sdkVersion, ...expected });
  });

  test('canIUse saying no turns a feature off even on a new base library', () => {
    const { wx } = createFakeWx({
      sdkVersion: '3.7.0',
      canIUse: { getUserProfile: false, 'button.open-type.chooseAvatar': false },
    });
    const features = detectFeatures(wx);
    expect(features.profileApi).toBe('getUserInfo');
    expect(features.chooseAvatar).toBe(false);
  });

  test('a version claim without the API is not trusted', () => {
    const features = detectFeatures({ getAppBaseInfo: () => ({ SDKVersion: '2.20.0' }), canIUse: () => true } as never);
    expect(features.profileApi).toBe('getUserInfo');
  });

  test('no canIUse at all counts as no', () => {
    const features = detectFeatures({ getAppBaseInfo: () => ({ SDKVersion: '3.0.0' }), getUserProfile: () => undefined } as never);
    expect(features.profileApi).toBe('getUserInfo');
    expect(features.chooseAvatar).toBe(false);
    expect(features.phoneCode).toBe(true);
  });
});
