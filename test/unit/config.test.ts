import { createLogin, currentAppId, currentEnvVersion } from 'miniprogram-login';
import { createApi } from 'miniprogram-login/api';
import { API_BASE_URLS, DEVELOP_API_BASE_URL, PRODUCTION_API_BASE_URL } from '../../miniprogram/config';
import { createFakeWx } from '../support/fake-wx';

test('the demo: develop builds use the local server, trial and release the HTTPS constant', () => {
  expect(API_BASE_URLS).toEqual({ develop: 'http://127.0.0.1:3000', trial: PRODUCTION_API_BASE_URL, release: PRODUCTION_API_BASE_URL });
  expect(PRODUCTION_API_BASE_URL).toMatch(/^https:\/\//);
  expect(DEVELOP_API_BASE_URL).not.toBe(PRODUCTION_API_BASE_URL);
});

test.each(['develop', 'trial', 'release'] as const)('a %s build calls the base URL configured for it', async (envVersion) => {
  const fake = createFakeWx({ envVersion });
  const login = createLogin(fake.wx, { baseUrl: { develop: 'http://dev.test', trial: 'https://trial.test', release: 'https://release.test' } });
  await createApi(login.http).health();
  expect(fake.calls.network[0].url).toBe(`${{ develop: 'http://dev.test', trial: 'https://trial.test', release: 'https://release.test' }[envVersion]}/api/health`);
});

test('a build without a base URL of its own is a clear error at creation, not a request to nowhere', () => {
  expect(() => createLogin(createFakeWx({ envVersion: 'release' }).wx, { baseUrl: { develop: 'http://dev.test' } })).toThrow(
    'miniprogram-login: no baseUrl for envVersion "release"',
  );
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
