import { compareVersion, isAtLeast, sdkVersion, UNKNOWN_VERSION } from '../../../miniprogram/utils/version';
import { createFakeWx } from '../../support/fake-wx';

describe('compareVersion', () => {
  test.each([
    ['2.10.4', '2.9.9', 1],
    ['2.9.9', '2.10.4', -1],
    ['2.21.2', '2.21.2', 0],
    ['3.0', '3.0.0', 0],
    ['3.0.1', '3.0', 1],
    ['2.27.0', '2.27.1', -1],
    ['10.0.0', '9.99.99', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersion(a, b)).toBe(expected);
  });

  test('non-numeric parts count as 0', () => {
    expect(compareVersion('2.x.1', '2.0.1')).toBe(0);
  });

  test('isAtLeast includes the minimum itself', () => {
    expect(isAtLeast('2.21.2', '2.21.2')).toBe(true);
    expect(isAtLeast('2.21.1', '2.21.2')).toBe(false);
  });
});

describe('sdkVersion', () => {
  test('reads getAppBaseInfo where it exists', () => {
    const { wx } = createFakeWx({ sdkVersion: '3.7.0' });
    expect(typeof wx.getAppBaseInfo).toBe('function');
    expect(sdkVersion(wx)).toBe('3.7.0');
  });

  test('falls back to getSystemInfoSync on base libraries without getAppBaseInfo', () => {
    const { wx } = createFakeWx({ sdkVersion: '2.10.0' });
    expect(wx.getAppBaseInfo).toBeUndefined();
    expect(sdkVersion(wx)).toBe('2.10.0');
  });

  test('falls back when getAppBaseInfo throws or says nothing', () => {
    const fromSystemInfo = {
      getAppBaseInfo: () => {
        throw new Error('not supported');
      },
      getSystemInfoSync: () => ({ SDKVersion: '2.19.0' }),
    };
    expect(sdkVersion(fromSystemInfo as never)).toBe('2.19.0');
    expect(sdkVersion({ getAppBaseInfo: () => ({ SDKVersion: '' }), getSystemInfoSync: () => ({ SDKVersion: '2.5.0' }) } as never)).toBe('2.5.0');
  });

  test('unknown when the runtime cannot tell', () => {
    expect(sdkVersion({})).toBe(UNKNOWN_VERSION);
    expect(
      sdkVersion({
        getSystemInfoSync: () => {
          throw new Error('gone');
        },
      } as never),
    ).toBe(UNKNOWN_VERSION);
  });
});
