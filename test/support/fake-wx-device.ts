/**
 * The device and base library the fake pretends to be (wx.getAccountInfoSync, getSystemInfoSync,
 * getAppBaseInfo, canIUse): one SDK version decides which APIs exist, as the version table says.
 */
import { atLeast, supportedSince } from '../../simulator/runtime/version';
import type { WxApis } from './fake-wx-answer';

export interface FakeDeviceOptions {
  sdkVersion: string;
  envVersion: 'develop' | 'trial' | 'release';
}

/** wx.canIUse for this base library, with the test's overrides per schema. */
export function supportsFor(sdkVersion: string, overrides: Record<string, boolean>): (schema: string) => boolean {
  return (schema) => {
    const override = overrides[schema];
    if (override !== undefined) return override;
    const since = supportedSince(schema);
    return since === undefined || atLeast(sdkVersion, since);
  };
}

/** The device APIs; getAppBaseInfo only where the base library has it. */
export function fakeDevice(options: FakeDeviceOptions, supports: (schema: string) => boolean): WxApis {
  const appBaseInfo = {
    SDKVersion: options.sdkVersion,
    enableDebug: false,
    host: { env: 'WeChat', appId: '' },
    language: 'zh_CN',
    version: '8.0.50',
    theme: 'light',
  };
  const apis: WxApis = {
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: options.envVersion, version: '' },
      plugin: {},
    }),
    getSystemInfoSync: () => ({
      ...appBaseInfo,
      brand: 'devtools',
      model: 'iPhone 12',
      platform: 'devtools',
      system: 'iOS 16.0',
      pixelRatio: 3,
      screenWidth: 390,
      screenHeight: 844,
      windowWidth: 390,
      windowHeight: 844,
    }),
    canIUse: (schema: string) => supports(schema),
  };
  if (supports('getAppBaseInfo')) apis.getAppBaseInfo = () => ({ ...appBaseInfo });
  return apis;
}
