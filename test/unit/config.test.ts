import { apiBaseUrl, currentAppId, currentEnvVersion, DEVELOP_API_BASE_URL, PRODUCTION_API_BASE_URL } from '../../miniprogram/config';
import { createFakeWx } from '../support/fake-wx';

test('develop builds use the local server, trial and release the HTTPS constant', () => {
  expect(apiBaseUrl('develop')).toBe('http://127.0.0.1:3000');
  expect(apiBaseUrl('trial')).toBe(PRODUCTION_API_BASE_URL);
  expect(apiBaseUrl('release')).toBe(PRODUCTION_API_BASE_URL);
  expect(PRODUCTION_API_BASE_URL).toMatch(/^https:\/\//);
  expect(DEVELOP_API_BASE_URL).not.toBe(PRODUCTION_API_BASE_URL);
});

test('the environment comes from wx.getAccountInfoSync', () => {
  expect(currentEnvVersion(createFakeWx({ envVersion: 'trial' }).wx)).toBe('trial');
  expect(currentEnvVersion(createFakeWx().wx)).toBe('develop');
});

test('a runtime without getAccountInfoSync counts as develop', () => {
  const broken = {
    getAccountInfoSync: (): WechatMiniprogram.AccountInfo => {
      throw new Error('getAccountInfoSync:fail not supported');
    },
  };
  expect(currentEnvVersion(broken)).toBe('develop');
});

test('without an argument it reads the global wx', () => {
  const restore = createFakeWx({ envVersion: 'release' }).install();
  try {
    expect(apiBaseUrl()).toBe(PRODUCTION_API_BASE_URL);
  } finally {
    restore();
  }
});

describe('currentAppId', () => {
  function accountWith(appId: string): Pick<WechatMiniprogram.Wx, 'getAccountInfoSync'> {
    return { getAccountInfoSync: () => ({ miniProgram: { appId, envVersion: 'develop', version: '' }, plugin: { appId: '', version: '' } }) };
  }

  test('the AppID WeChat reports', () => {
    expect(currentAppId(createFakeWx().wx)).toBe('wx0000000000000000');
    expect(currentAppId(accountWith('wx1234567890abcdef'))).toBe('wx1234567890abcdef');
  });

  test('none when the runtime cannot tell, or runs DevTools’ tourist placeholder', () => {
    expect(currentAppId(accountWith(''))).toBeNull();
    expect(currentAppId(accountWith('touristappid'))).toBeNull();
    const broken = {
      getAccountInfoSync: (): WechatMiniprogram.AccountInfo => {
        throw new Error('getAccountInfoSync:fail not supported');
      },
    };
    expect(currentAppId(broken)).toBeNull();
  });
});
