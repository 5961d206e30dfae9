/** wx's device and app information (the headless phone: 375×812, WeChat 8.0.50), canIUse and nextTick. */
import { canIUse } from './version';
import type { WxTable } from './wx';
import { ok, type WxKit } from './wx-kit';

function systemInfo(sdkVersion: string): Record<string, unknown> {
  return {
    SDKVersion: sdkVersion,
    brand: 'headless',
    model: 'Headless Runtime',
    platform: 'devtools',
    system: 'Node.js',
    version: '8.0.50',
    language: 'zh_CN',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 812,
    statusBarHeight: 44,
    fontSizeSetting: 16,
    theme: 'light',
    enableDebug: false,
  };
}

/** `available` tells canIUse which APIs this base library has: the whole table's, not this group's. */
export function systemApis({ deps, api, track }: WxKit, available: (name: string) => boolean): WxTable {
  const { sdkVersion, report } = deps;
  return {
    getAppBaseInfo: () => ({ SDKVersion: sdkVersion, enableDebug: false, host: { env: 'WeChat' }, language: 'zh_CN', version: '8.0.50', theme: 'light', fontSizeSetting: 16 }),
    getSystemInfoSync: () => systemInfo(sdkVersion),
    getSystemInfo: api('getSystemInfo', async () => ok('getSystemInfo', systemInfo(sdkVersion))),
    getWindowInfo: () => ({ pixelRatio: 2, screenWidth: 375, screenHeight: 812, windowWidth: 375, windowHeight: 812, statusBarHeight: 44 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: deps.appId, envVersion: 'develop', version: '' }, plugin: {} }),
    canIUse: (schema: unknown) => canIUse(String(schema), sdkVersion, available),
    nextTick: (fn: unknown) => {
      if (typeof fn === 'function') void track(Promise.resolve().then(() => (fn as () => void)()).catch(report));
    },
  };
}
