import { createHash, randomBytes } from 'crypto';
import type { RouteKind, UserScript } from '../types';
import type { Activity } from './activity';
import { ApiFailure, asyncApi, type ApiOptions } from './callbacks';
import type { Gesture, ReportError } from './definitions';
import type { EmulatorControl } from './emulator';
import type { Network } from './http';
import type { Privacy, PrivacyListener } from './privacy';
import type { Storage } from './storage';
import { DEFAULT_MODAL_BUTTONS, type UiController } from './ui';
import { API_SINCE, atLeast, canIUse, SINCE } from './version';

/** The grey default avatar WeChat hands out with the anonymous profile (base library ≥ 2.27.1). */
export const ANONYMOUS_AVATAR_URL =
  'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132';
export const ANONYMOUS_NICKNAME = '微信用户';

export interface WxDeps {
  sdkVersion: string;
  appId: string;
  user: () => UserScript;
  openid: () => string;
  storage: Storage;
  ui: UiController;
  network: Network;
  emulator: EmulatorControl;
  privacy: Privacy;
  gesture: Gesture;
  activity: Activity;
  report: ReportError;
  navigate: (kind: RouteKind, url: string | undefined, delta: number | undefined) => Promise<void>;
}

export type WxTable = Record<string, unknown>;

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

/** All implemented wx APIs, by name. Version gating and "not implemented" errors are the proxy's job. */
export function createWxTable(deps: WxDeps): WxTable {
  const { storage, ui, report, activity } = deps;
  const track = <T>(work: Promise<T>): Promise<T> => activity.track(work);
  const api = (name: string, run: (options: ApiOptions) => Promise<unknown>): ((options?: unknown) => Promise<unknown> | undefined) =>
    asyncApi(name, run, report, track);
  const ok = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...extra, errMsg: `${name}:ok` });

  const route = (kind: RouteKind) =>
    api(kind, async (options) => {
      await deps.navigate(kind, typeof options.url === 'string' ? options.url : undefined, typeof options.delta === 'number' ? options.delta : undefined);
      return ok(kind);
    });

  const storageSync = {
    getStorageSync: (key: unknown) => (storage.has(String(key)) ? storage.get(String(key)) : ''),
    setStorageSync: (key: unknown, value: unknown) => {
      try {
        storage.set(String(key), value);
      } catch (error) {
        throw new Error(`setStorageSync:fail ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    removeStorageSync: (key: unknown) => storage.remove(String(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => storage.info(),
  };

  const getUserProfile = (raw?: unknown): Promise<unknown> | undefined => {
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

  const table: WxTable = {
    request: (options: unknown) => deps.network.request(options),
    uploadFile: (options: unknown) => deps.network.uploadFile(options),

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

    ...storageSync,
    getStorage: api('getStorage', async (options) => {
      const key = String(options.key);
      if (!storage.has(key)) throw new ApiFailure('getStorage:fail data not found');
      return ok('getStorage', { data: storage.get(key) });
    }),
    setStorage: api('setStorage', async (options) => {
      storage.set(String(options.key), options.data);
      return ok('setStorage');
    }),
    removeStorage: api('removeStorage', async (options) => {
      storage.remove(String(options.key));
      return ok('removeStorage');
    }),
    clearStorage: api('clearStorage', async () => {
      storage.clear();
      return ok('clearStorage');
    }),

    // Not tracked: a held modal waits for a person, and idle() must not wait for one.
    showModal: asyncApi(
      'showModal',
      async (options) => {
        const text = (key: string, fallback: string): string => (typeof options[key] === 'string' ? String(options[key]) : fallback);
        const confirmed = await ui.modal(String(options.title ?? ''), String(options.content ?? ''), {
          showCancel: options.showCancel !== false,
          cancelText: text('cancelText', DEFAULT_MODAL_BUTTONS.cancelText),
          cancelColor: text('cancelColor', DEFAULT_MODAL_BUTTONS.cancelColor),
          confirmText: text('confirmText', DEFAULT_MODAL_BUTTONS.confirmText),
          confirmColor: text('confirmColor', DEFAULT_MODAL_BUTTONS.confirmColor),
        });
        return ok('showModal', { confirm: confirmed, cancel: !confirmed });
      },
      report,
      (work) => work,
    ),
    showToast: api('showToast', async (options) => {
      ui.record({ kind: 'toast', title: String(options.title ?? ''), icon: String(options.icon ?? 'success') });
      return ok('showToast');
    }),
    hideToast: api('hideToast', async () => ok('hideToast')),
    showLoading: api('showLoading', async (options) => {
      ui.record({ kind: 'loading', title: String(options.title ?? '') });
      return ok('showLoading');
    }),
    hideLoading: api('hideLoading', async () => {
      ui.record({ kind: 'hideLoading' });
      return ok('hideLoading');
    }),

    getAppBaseInfo: () => ({ SDKVersion: deps.sdkVersion, enableDebug: false, host: { env: 'WeChat' }, language: 'zh_CN', version: '8.0.50', theme: 'light', fontSizeSetting: 16 }),
    getSystemInfoSync: () => systemInfo(deps.sdkVersion),
    getSystemInfo: api('getSystemInfo', async () => ok('getSystemInfo', systemInfo(deps.sdkVersion))),
    getWindowInfo: () => ({ pixelRatio: 2, screenWidth: 375, screenHeight: 812, windowWidth: 375, windowHeight: 812, statusBarHeight: 44 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: deps.appId, envVersion: 'develop', version: '' }, plugin: {} }),
    canIUse: (schema: unknown) => canIUse(String(schema), deps.sdkVersion, (name) => name in table && isAvailable(name, deps.sdkVersion)),
    nextTick: (fn: unknown) => {
      if (typeof fn === 'function') void track(Promise.resolve().then(() => (fn as () => void)()).catch(report));
    },

    onNeedPrivacyAuthorization: (listener: unknown) => {
      if (typeof listener !== 'function') throw new Error('onNeedPrivacyAuthorization: listener must be a function');
      deps.privacy.onNeed(listener as PrivacyListener);
    },
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', async () => {
      if (!(await deps.privacy.require('requirePrivacyAuthorize'))) throw new ApiFailure('requirePrivacyAuthorize:fail privacy permission is not authorized', 104);
      return ok('requirePrivacyAuthorize');
    }),
    getPrivacySetting: api('getPrivacySetting', async () =>
      ok('getPrivacySetting', { needAuthorization: deps.privacy.needAuthorization, privacyContractName: '《小程序隐私保护指引》' }),
    ),
    openPrivacyContract: api('openPrivacyContract', async () => ok('openPrivacyContract')),

    navigateTo: route('navigateTo'),
    redirectTo: route('redirectTo'),
    reLaunch: route('reLaunch'),
    switchTab: route('switchTab'),
    navigateBack: route('navigateBack'),
    setNavigationBarTitle: api('setNavigationBarTitle', async () => ok('setNavigationBarTitle')),
    stopPullDownRefresh: api('stopPullDownRefresh', async () => ok('stopPullDownRefresh')),
  };
  return table;
}

export function isAvailable(name: string, sdkVersion: string): boolean {
  const since = API_SINCE[name];
  return since === undefined || atLeast(sdkVersion, since);
}

/** Names that tooling (jest, util.inspect, await) probes on any object; they must not look like missing APIs. */
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType', 'inspect', 'tagName', '$$typeof', 'prototype', 'valueOf', 'toString']);

/**
 * The `wx` object: implemented APIs (hidden below their base library version, so feature detection
 * sees what a real device would), overridable by mockWx, and a loud error for anything else.
 */
export function createWxProxy(table: WxTable, mocks: Map<string, unknown>, sdkVersion: string): Record<string, unknown> {
  const env = { USER_DATA_PATH: 'wxfile://usr' };
  return new Proxy<Record<string, unknown>>(
    {},
    {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        if (mocks.has(name)) return mocks.get(name);
        if (name === 'env') return env;
        if (name in table) return isAvailable(name, sdkVersion) ? table[name] : undefined;
        if (PROBES.has(name)) return undefined;
        return () => {
          throw new Error(`wx.${name} is not implemented by the headless runtime (simulator/runtime/wx.ts)`);
        };
      },
      has: (_target, name) => typeof name === 'string' && (mocks.has(name) || (name in table && isAvailable(name, sdkVersion))),
      ownKeys: () => Object.keys(table).filter((name) => isAvailable(name, sdkVersion)),
      getOwnPropertyDescriptor: (_target, name) =>
        typeof name === 'string' && name in table && isAvailable(name, sdkVersion)
          ? { configurable: true, enumerable: true, writable: false, value: mocks.get(name) ?? table[name] }
          : undefined,
    },
  );
}

