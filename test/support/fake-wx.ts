/**
 * A stateful fake `wx` for unit tests and miniprogram-simulate page tests.
 *
 *   const fake = createFakeWx({ sdkVersion: '3.7.0' });      // contract server by default
 *   (global as { wx?: unknown }).wx = fake.wx;                // or: const restore = fake.install();
 *
 * Options (all optional): `server` (default `contractServer()`), `sdkVersion` ('3.7.0'), `envVersion`
 * ('develop'), `openid` ('openid-test', whose identity wx.login codes carry), `sessionValid` (true: what
 * wx.checkSession answers), `storage` (initial entries), `canIUse` (overrides per schema),
 * `maxConcurrentNetwork` (10: above it calls fail like old base libraries did; `Infinity` to disable),
 * `defaultTimeoutMs` (60000, used when a call passes no `timeout`), `needPrivacyAuthorization` (false),
 * `networkType` ('wifi': what wx.getNetworkType answers; with 'none' every request fails as offline).
 *
 * Returns `{ wx, server, calls, network, storage, login, session, modal, userProfile, install }`:
 * - `wx`: the fake, typed as WechatMiniprogram.Wx. APIs that an SDK version lacks are absent
 *   (getAppBaseInfo < 2.20.1, getUserProfile < 2.10.4); `canIUse` follows the same table. Below 2.10.2
 *   async APIs called without callbacks return nothing instead of a Promise, as on the device.
 * - `server`: the FakeServer (fake-server.ts): `route(method, path, handler)`, `fallback`, `setDown`.
 *   Handlers get a FakeRequest `{ api, path, method, wireMethod, header, data, ... }` and return
 *   `{ statusCode, data }` or `{ fail: errMsg }`, optionally via a promise (`delayed`, `never`, `gate`).
 *   wx.request JSON-decodes string bodies (dataType json); wx.uploadFile hands the body over as a string.
 *   A call not answered within its timeout fails with `request:fail timeout` / `uploadFile:fail timeout`.
 * - `calls`: everything recorded, in order: `network` (FakeRequest), `login` (codes minted or errMsg),
 *   `checkSession` (answers), `toast`, `modal`, `loading` ({ show, title }), `navigation`
 *   ({ api, url?, delta? }), `userProfile` (desc), `privacy` (api names), `navigationBarTitle` (titles set).
 * - `network`: `inFlight()`, `maxInFlight()`, `resetMax()`, `requestsTo(path)`, `setType(type)` (wx.getNetworkType).
 * - `storage`: `raw(key)` (serialized text), `setRaw(key, value)` (any value, no limits), `corrupt(key, text)`
 *   (unparseable entry: getStorageSync then fails), `keys()`, `bytes()`.
 *   Sync and async storage APIs enforce WeChat's 1 MB per key and 10 MB total (set fails, nothing stored).
 * - `login`: `failNext(times?, errMsg?)`, `noCodeNext()`, `setOpenid(openid)`, `codes()` (minted so far).
 *   Codes look like `code:<openid>:<n>`; a successful wx.login makes checkSession valid again.
 * - `session`: `setValid(valid)` (expire WeChat's session_key), `isValid()`.
 * - `modal`: `answerNext(confirm)` queues answers (default: confirm).
 * - `userProfile`: `denyNext()`, `respondNext(userInfo)`; default: the anonymous profile that base
 *   library >= 2.27.1 returns, real-looking data below it. Fails outside 1..30 chars of `desc`.
 * - `install()`: sets `global.wx` to the fake and returns a function restoring the previous value.
 *
 * `contractServer()` (contract-server.ts) serves every contract route in memory: login accepts the
 * fake's codes once each; `issuePhoneCode(phone)` / `issueEncryptedPhone(phone)` mint what the phone
 * route accepts; `seedSession(openid, profile?)` makes a user with a live token (put it in storage under
 * SESSION_STORAGE_KEY from miniprogram-login for a warm launch; rig.ts `storedSession`
 * builds that entry); `revokeAllTokens()` / `revokeToken(t)` force 401s; `changeUser(openid, patch)` and
 * `deleteUser(openid)` change or delete a user behind the app's back (as WeChat's revocation pushes do);
 * `loginAppIds()` lists the AppID each login sent; `users()`, `userByOpenid(id)`,
 * `activeTokens()`, `loginCount()` inspect it. PATCH arrives as POST + X-HTTP-Method-Override and is
 * routed as PATCH. Helpers in fake-server.ts: `json`, `errorResponse`, `networkFailure`, `never`,
 * `delayed`, `gate`, `bearerToken`. Waiting: wait.ts `waitFor(condition, what)` (microtask turns).
 */
import { atLeast, SINCE, supportedSince } from '../../simulator/runtime/version';
import { contractServer } from './contract-server';
import {
  isFailure,
  type FakeOutcome,
  type FakeRequest,
  type FakeServer,
  type NetworkApi,
} from './fake-server';

export * from './fake-server';
export * from './contract-server';

export interface FakeWxOptions<S extends FakeServer = FakeServer> {
  server?: S;
  sdkVersion?: string;
  envVersion?: 'develop' | 'trial' | 'release';
  openid?: string;
  sessionValid?: boolean;
  storage?: Record<string, unknown>;
  canIUse?: Record<string, boolean>;
  maxConcurrentNetwork?: number;
  defaultTimeoutMs?: number;
  needPrivacyAuthorization?: boolean;
  networkType?: NetworkType;
}

export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';

export interface LoginCall {
  code: string | null;
  errMsg: string;
}

export interface NavigationCall {
  api: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack';
  url?: string;
  delta?: number;
}

export interface FakeCalls {
  network: FakeRequest[];
  login: LoginCall[];
  checkSession: boolean[];
  toast: WechatMiniprogram.ShowToastOption[];
  modal: WechatMiniprogram.ShowModalOption[];
  loading: Array<{ show: boolean; title?: string }>;
  navigation: NavigationCall[];
  userProfile: string[];
  privacy: string[];
  navigationBarTitle: string[];
}

export interface FakeUserInfo {
  nickName: string;
  avatarUrl: string;
  gender?: 0 | 1 | 2;
  country?: string;
  province?: string;
  city?: string;
  language?: 'en' | 'zh_CN' | 'zh_TW';
}

export interface FakeWx<S extends FakeServer = FakeServer> {
  wx: WechatMiniprogram.Wx;
  server: S;
  calls: FakeCalls;
  network: {
    inFlight(): number;
    maxInFlight(): number;
    resetMax(): void;
    requestsTo(path: string): FakeRequest[];
    setType(type: NetworkType): void;
  };
  storage: {
    raw(key: string): string | undefined;
    setRaw(key: string, value: unknown): void;
    corrupt(key: string, text: string): void;
    keys(): string[];
    bytes(): number;
  };
  login: {
    failNext(times?: number, errMsg?: string): void;
    noCodeNext(): void;
    setOpenid(openid: string): void;
    codes(): string[];
  };
  session: { setValid(valid: boolean): void; isValid(): boolean };
  modal: { answerNext(confirm: boolean): void };
  userProfile: { denyNext(): void; respondNext(userInfo: FakeUserInfo): void };
  install(): () => void;
}

export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024;
export const STORAGE_TOTAL_LIMIT_BYTES = 10 * 1024 * 1024;
export const ANONYMOUS_NICKNAME = '微信用户';
/** What Android WeChat's network stack answers while the device has no network. */
export const OFFLINE_ERRMSG = 'request:fail errcode:-106 cronet_error_code:-106 error_msg:net::ERR_INTERNET_DISCONNECTED';
/** The first base library whose async APIs return a Promise when called without callbacks. */
export const PROMISE_API_SINCE = '2.10.2';
export const ANONYMOUS_AVATAR_URL = 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132';

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

interface Callbacks<R> {
  success?: (result: R) => void;
  fail?: (result: { errMsg: string }) => void;
  complete?: (result: R | { errMsg: string }) => void;
}

class WxFailure extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg);
  }
}

/**
 * WeChat's convention for async APIs: callbacks when any is given, otherwise a Promise. Results are
 * delivered asynchronously, as on the device.
 */
function settle<R>(option: Callbacks<R> | undefined, run: () => R | Promise<R>): Promise<R> | undefined {
  const result = Promise.resolve().then(run);
  const usesCallbacks = option !== undefined && (option.success || option.fail || option.complete);
  if (!usesCallbacks) {
    return result.catch((error: unknown) => {
      throw error instanceof WxFailure ? { errMsg: error.errMsg } : error;
    });
  }
  result.then(
    (value) => {
      option.success?.(value);
      option.complete?.(value);
    },
    (error: unknown) => {
      const failure = { errMsg: error instanceof WxFailure ? error.errMsg : String(error) };
      option.fail?.(failure);
      option.complete?.(failure);
    },
  );
  return undefined;
}

function unrefTimer(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') {
    handle.unref();
  }
}

function parseUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://fake.invalid');
  const query: Record<string, string> = {};
  parsed.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  return { path: parsed.pathname, query };
}

function stringHeader(header: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof header !== 'object' || header === null) return result;
  for (const [key, value] of Object.entries(header)) result[key] = String(value);
  return result;
}

/** What WeChat would hand to success() for a request with dataType json. */
function requestBodyFor(data: unknown): unknown {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return data;
    }
  }
  return JSON.parse(JSON.stringify(data));
}

function uploadBodyFor(data: unknown): string {
  if (data === undefined || data === null) return '';
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function copyJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function createFakeWx<S extends FakeServer = ReturnType<typeof contractServer>>(
  options: FakeWxOptions<S> = {},
): FakeWx<S> {
  const server = (options.server ?? contractServer()) as S;
  const sdkVersion = options.sdkVersion ?? '3.7.0';
  const maxConcurrent = options.maxConcurrentNetwork ?? 10;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 60000;
  let openid = options.openid ?? 'openid-test';
  let networkType: NetworkType = options.networkType ?? 'wifi';
  let sessionValid = options.sessionValid ?? true;
  let codeCounter = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const loginScript: Array<{ errMsg: string } | 'no-code'> = [];
  const modalAnswers: boolean[] = [];
  const profileScript: Array<FakeUserInfo | 'deny'> = [];
  const storage = new Map<string, string>();

  const calls: FakeCalls = {
    network: [],
    login: [],
    checkSession: [],
    toast: [],
    modal: [],
    loading: [],
    navigation: [],
    userProfile: [],
    privacy: [],
    navigationBarTitle: [],
  };

  function supports(schema: string): boolean {
    const override = options.canIUse?.[schema];
    if (override !== undefined) return override;
    const since = supportedSince(schema);
    return since === undefined || atLeast(sdkVersion, since);
  }

  function storageBytes(): number {
    let total = 0;
    for (const [key, value] of storage) total += utf8Bytes(key) + utf8Bytes(value);
    return total;
  }

  function storageSet(api: string, key: string, value: unknown): void {
    if (typeof key !== 'string' || key === '') throw new WxFailure(`${api}:fail parameter error: key should be a non-empty string`);
    const serialized = JSON.stringify(value === undefined ? null : value);
    const entryBytes = utf8Bytes(key) + utf8Bytes(serialized);
    if (entryBytes > STORAGE_KEY_LIMIT_BYTES) throw new WxFailure(`${api}:fail exceed storage item max length`);
    const previous = storage.get(key);
    const previousBytes = previous === undefined ? 0 : utf8Bytes(key) + utf8Bytes(previous);
    if (storageBytes() - previousBytes + entryBytes > STORAGE_TOTAL_LIMIT_BYTES) {
      throw new WxFailure(`${api}:fail exceed storage max size 10Mb`);
    }
    storage.set(key, serialized);
  }

  function storageGet(key: string): unknown {
    const value = storage.get(key);
    if (value === undefined) return '';
    try {
      return JSON.parse(value);
    } catch {
      throw new WxFailure('getStorageSync:fail data corrupted');
    }
  }

  for (const [key, value] of Object.entries(options.storage ?? {})) storageSet('setStorageSync', key, value);

  function syncStorage<R>(run: () => R): R {
    try {
      return run();
    } catch (error) {
      throw error instanceof WxFailure ? new Error(error.errMsg) : error;
    }
  }

  function network(api: NetworkApi, option: WechatMiniprogram.RequestOption | WechatMiniprogram.UploadFileOption) {
    const header = stringHeader(option.header);
    const wireMethod = api === 'uploadFile' ? 'POST' : ((option as WechatMiniprogram.RequestOption).method ?? 'GET');
    const override = Object.entries(header).find(([key]) => key.toLowerCase() === 'x-http-method-override');
    const { path, query } = parseUrl(option.url);
    const upload = api === 'uploadFile' ? (option as WechatMiniprogram.UploadFileOption) : null;
    const request: FakeRequest = {
      api,
      url: option.url,
      path,
      query,
      wireMethod,
      method: (override && wireMethod === 'POST' ? override[1] : wireMethod).toUpperCase(),
      header,
      data: copyJson(upload ? upload.formData : (option as WechatMiniprogram.RequestOption).data),
      filePath: upload ? upload.filePath : null,
      fileField: upload ? upload.name : null,
      timeout: option.timeout ?? null,
    };
    calls.network.push(request);

    let done = false;
    let cancelTimeout: () => void = () => undefined;
    const finish = (outcome: FakeOutcome): void => {
      if (done) return;
      done = true;
      cancelTimeout();
      inFlight -= 1;
      if (isFailure(outcome)) {
        const failure = { errMsg: outcome.fail.replace(/^request:/, `${api}:`), errno: 600001 };
        (option.fail as ((value: unknown) => void) | undefined)?.(failure);
        (option.complete as ((value: unknown) => void) | undefined)?.(failure);
        return;
      }
      const base = { statusCode: outcome.statusCode, header: outcome.header ?? {}, errMsg: `${api}:ok` };
      const result =
        api === 'request'
          ? { ...base, data: requestBodyFor(outcome.data), cookies: [] }
          : { ...base, data: uploadBodyFor(outcome.data) };
      (option.success as ((value: unknown) => void) | undefined)?.(result);
      (option.complete as ((value: unknown) => void) | undefined)?.(result);
    };

    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (inFlight > maxConcurrent) {
      Promise.resolve().then(() => finish({ fail: `${api}:fail exceed max task count` }));
    } else if (networkType === 'none') {
      Promise.resolve().then(() => finish({ fail: OFFLINE_ERRMSG }));
    } else {
      const timeoutMs = option.timeout ?? defaultTimeoutMs;
      const handle = setTimeout(() => finish({ fail: `${api}:fail timeout` }), timeoutMs);
      unrefTimer(handle);
      cancelTimeout = () => clearTimeout(handle);
      server.handle(request).then(finish, (error: unknown) => finish({ fail: `${api}:fail ${String(error)}` }));
    }
    const task = {
      abort: () => finish({ fail: `${api}:fail abort` }),
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      onProgressUpdate: () => undefined,
      offProgressUpdate: () => undefined,
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined,
    };
    return task;
  }

  function record<T>(list: T[], entry: T): void {
    list.push(entry);
  }

  const appBaseInfo = {
    SDKVersion: sdkVersion,
    enableDebug: false,
    host: { env: 'WeChat', appId: '' },
    language: 'zh_CN',
    version: '8.0.50',
    theme: 'light',
  };

  /** Before base library 2.10.2 an async API called without callbacks still runs but returns no Promise. */
  const promiseStyle = atLeast(sdkVersion, PROMISE_API_SINCE);
  function answer<R>(option: Callbacks<R> | undefined, run: () => R | Promise<R>): Promise<R> | undefined {
    const result = settle(option, run);
    if (promiseStyle || result === undefined) return result;
    result.catch(() => undefined);
    return undefined;
  }

  /** The url-taking route APIs: recorded in calls.navigation, answered ok. */
  const routeTo =
    (api: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab') => (option: { url: string } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        record(calls.navigation, { api, url: option.url });
        return { errMsg: `${api}:ok` };
      });

  const fake: Record<string, unknown> = {
    getStorageSync: (key: string) => syncStorage(() => storageGet(key)),
    setStorageSync: (key: string, value: unknown) => syncStorage(() => storageSet('setStorageSync', key, value)),
    removeStorageSync: (key: string) => {
      storage.delete(key);
    },
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({
      keys: Array.from(storage.keys()),
      currentSize: Math.ceil(storageBytes() / 1024),
      limitSize: STORAGE_TOTAL_LIMIT_BYTES / 1024,
    }),
    getStorage: (option: { key: string } & Callbacks<{ data: unknown; errMsg: string }>) =>
      answer(option, () => {
        if (!storage.has(option.key)) throw new WxFailure('getStorage:fail data not found');
        return { data: storageGet(option.key), errMsg: 'getStorage:ok' };
      }),
    setStorage: (option: { key: string; data: unknown } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        storageSet('setStorage', option.key, option.data);
        return { errMsg: 'setStorage:ok' };
      }),
    removeStorage: (option: { key: string } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        storage.delete(option.key);
        return { errMsg: 'removeStorage:ok' };
      }),
    clearStorage: (option?: Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        storage.clear();
        return { errMsg: 'clearStorage:ok' };
      }),

    login: (option?: Callbacks<{ code: string; errMsg: string }>) =>
      answer(option, () => {
        const scripted = loginScript.shift();
        if (scripted === 'no-code') {
          calls.login.push({ code: null, errMsg: 'login:ok' });
          return { code: '', errMsg: 'login:ok' };
        }
        if (scripted !== undefined) {
          calls.login.push({ code: null, errMsg: scripted.errMsg });
          throw new WxFailure(scripted.errMsg);
        }
        codeCounter += 1;
        const code = `code:${openid}:${codeCounter}`;
        sessionValid = true;
        calls.login.push({ code, errMsg: 'login:ok' });
        return { code, errMsg: 'login:ok' };
      }),
    checkSession: (option?: Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        calls.checkSession.push(sessionValid);
        if (!sessionValid) throw new WxFailure('checkSession:fail session time out, need relogin');
        return { errMsg: 'checkSession:ok' };
      }),

    request: (option: WechatMiniprogram.RequestOption) => network('request', option),
    getNetworkType: (option?: Callbacks<{ networkType: NetworkType; errMsg: string }>) =>
      answer(option, () => ({ networkType, errMsg: 'getNetworkType:ok' })),
    uploadFile: (option: WechatMiniprogram.UploadFileOption) => network('uploadFile', option),

    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: options.envVersion ?? 'develop', version: '' },
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

    showToast: (option: WechatMiniprogram.ShowToastOption) =>
      answer(option, () => {
        record(calls.toast, option);
        return { errMsg: 'showToast:ok' };
      }),
    showModal: (option: WechatMiniprogram.ShowModalOption) =>
      answer(option, () => {
        record(calls.modal, option);
        const confirm = modalAnswers.shift() ?? true;
        return { confirm, cancel: !confirm, content: '', errMsg: 'showModal:ok' };
      }),
    showLoading: (option: WechatMiniprogram.ShowLoadingOption) =>
      answer(option, () => {
        record(calls.loading, { show: true, title: option.title });
        return { errMsg: 'showLoading:ok' };
      }),
    hideLoading: (option?: Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        record(calls.loading, { show: false });
        return { errMsg: 'hideLoading:ok' };
      }),

    setNavigationBarTitle: (option: { title: string } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        record(calls.navigationBarTitle, option.title);
        return { errMsg: 'setNavigationBarTitle:ok' };
      }),
    navigateTo: routeTo('navigateTo'),
    redirectTo: routeTo('redirectTo'),
    reLaunch: routeTo('reLaunch'),
    switchTab: routeTo('switchTab'),
    navigateBack: (option?: { delta?: number } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        record(calls.navigation, { api: 'navigateBack', delta: option?.delta ?? 1 });
        return { errMsg: 'navigateBack:ok' };
      }),
  };

  if (supports('getAppBaseInfo')) fake.getAppBaseInfo = () => ({ ...appBaseInfo });
  if (supports('getUserProfile')) {
    fake.getUserProfile = (option: { desc: string; lang?: string } & Callbacks<unknown>) =>
      answer(option, () => {
        calls.userProfile.push(option.desc);
        const desc = option.desc ?? '';
        if (desc.length === 0 || desc.length > 30) throw new WxFailure('getUserProfile:fail desc length does not meet the requirements');
        const scripted = profileScript.shift();
        if (scripted === 'deny') throw new WxFailure('getUserProfile:fail auth deny');
        const anonymous = atLeast(sdkVersion, SINCE.anonymousProfile);
        const userInfo: FakeUserInfo =
          scripted ??
          (anonymous
            ? { nickName: ANONYMOUS_NICKNAME, avatarUrl: ANONYMOUS_AVATAR_URL, gender: 0, language: 'zh_CN' }
            : { nickName: '测试用户', avatarUrl: 'https://thirdwx.qlogo.cn/fake/real-avatar.png', gender: 1, language: 'zh_CN' });
        return { userInfo, rawData: JSON.stringify(userInfo), signature: 'fake-signature', errMsg: 'getUserProfile:ok' };
      });
  }
  if (supports('getPrivacySetting')) {
    fake.getPrivacySetting = (option?: Callbacks<unknown>) =>
      answer(option, () => {
        calls.privacy.push('getPrivacySetting');
        return {
          needAuthorization: options.needPrivacyAuthorization ?? false,
          privacyContractName: '《示例小程序隐私保护指引》',
          errMsg: 'getPrivacySetting:ok',
        };
      });
    fake.onNeedPrivacyAuthorization = () => {
      calls.privacy.push('onNeedPrivacyAuthorization');
    };
    fake.openPrivacyContract = (option?: Callbacks<unknown>) =>
      answer(option, () => {
        calls.privacy.push('openPrivacyContract');
        return { errMsg: 'openPrivacyContract:ok' };
      });
  }

  return {
    wx: fake as unknown as WechatMiniprogram.Wx,
    server,
    calls,
    network: {
      inFlight: () => inFlight,
      maxInFlight: () => maxInFlight,
      resetMax: () => {
        maxInFlight = inFlight;
      },
      requestsTo: (path) => calls.network.filter((request) => request.path === path),
      setType: (type) => {
        networkType = type;
      },
    },
    storage: {
      raw: (key) => storage.get(key),
      setRaw: (key, value) => {
        storage.set(key, JSON.stringify(value));
      },
      corrupt: (key, text) => {
        storage.set(key, text);
      },
      keys: () => Array.from(storage.keys()),
      bytes: storageBytes,
    },
    login: {
      failNext: (times = 1, errMsg = 'login:fail network error') => {
        for (let i = 0; i < times; i += 1) loginScript.push({ errMsg });
      },
      noCodeNext: () => {
        loginScript.push('no-code');
      },
      setOpenid: (value) => {
        openid = value;
      },
      codes: () => calls.login.flatMap((call) => (call.code === null ? [] : [call.code])),
    },
    session: {
      setValid: (valid) => {
        sessionValid = valid;
      },
      isValid: () => sessionValid,
    },
    modal: {
      answerNext: (confirm) => {
        modalAnswers.push(confirm);
      },
    },
    userProfile: {
      denyNext: () => {
        profileScript.push('deny');
      },
      respondNext: (userInfo) => {
        profileScript.push(userInfo);
      },
    },
    install() {
      const holder = globalThis as { wx?: unknown };
      const previous = holder.wx;
      holder.wx = fake;
      return () => {
        holder.wx = previous;
      };
    },
  };
}
