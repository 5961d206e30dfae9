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
 *
 * Each wx area is its own module (fake-wx-storage, -login, -network, -prompts, -navigation, -device,
 * -profile, -privacy), answering through fake-wx-answer; this file wires them to one `calls` history.
 */
import { contractServer } from './contract-server';
import type { FakeServer } from './fake-server';
import { answerFor } from './fake-wx-answer';
import { emptyCalls, type FakeCalls } from './fake-wx-calls';
import { fakeDevice, supportsFor } from './fake-wx-device';
import { fakeLogin, type FakeLoginControls, type FakeSessionControls } from './fake-wx-login';
import { fakeNavigation } from './fake-wx-navigation';
import { fakeNetwork, type FakeNetworkControls, type NetworkType } from './fake-wx-network';
import { fakePrivacy } from './fake-wx-privacy';
import { fakeUserProfile, type FakeUserProfileControls } from './fake-wx-profile';
import { fakePrompts, type FakeModalControls } from './fake-wx-prompts';
import { fakeStorage, type FakeStorageControls } from './fake-wx-storage';

export * from './fake-server';
export * from './contract-server';
export { PROMISE_API_SINCE } from './fake-wx-answer';
export type { FakeCalls, LoginCall, NavigationCall } from './fake-wx-calls';
export { OFFLINE_ERRMSG, type NetworkType } from './fake-wx-network';
export { ANONYMOUS_AVATAR_URL, ANONYMOUS_NICKNAME, type FakeUserInfo } from './fake-wx-profile';
export { STORAGE_KEY_LIMIT_BYTES, STORAGE_TOTAL_LIMIT_BYTES } from './fake-wx-storage';

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

export interface FakeWx<S extends FakeServer = FakeServer> {
  wx: WechatMiniprogram.Wx;
  server: S;
  calls: FakeCalls;
  network: FakeNetworkControls;
  storage: FakeStorageControls;
  login: FakeLoginControls;
  session: FakeSessionControls;
  modal: FakeModalControls;
  userProfile: FakeUserProfileControls;
  install(): () => void;
}

/** Sets `global.wx` to the fake; the returned function puts the previous value back. */
function installer(fake: unknown): () => () => void {
  return () => {
    const holder = globalThis as { wx?: unknown };
    const previous = holder.wx;
    holder.wx = fake;
    return () => {
      holder.wx = previous;
    };
  };
}

export function createFakeWx<S extends FakeServer = ReturnType<typeof contractServer>>(
  options: FakeWxOptions<S> = {},
): FakeWx<S> {
  const server = (options.server ?? contractServer()) as S;
  const sdkVersion = options.sdkVersion ?? '3.7.0';
  const calls = emptyCalls();
  const answer = answerFor(sdkVersion);
  const supports = supportsFor(sdkVersion, options.canIUse ?? {});
  const storage = fakeStorage(answer, options.storage ?? {});
  const login = fakeLogin({ calls, answer, openid: options.openid ?? 'openid-test', sessionValid: options.sessionValid ?? true });
  const network = fakeNetwork({
    server,
    calls,
    answer,
    maxConcurrent: options.maxConcurrentNetwork ?? 10,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 60000,
    networkType: options.networkType ?? 'wifi',
  });
  const prompts = fakePrompts(calls, answer);
  const userProfile = fakeUserProfile(calls, answer, sdkVersion);
  const fake = {
    ...storage.apis,
    ...login.apis,
    ...network.apis,
    ...fakeDevice({ sdkVersion, envVersion: options.envVersion ?? 'develop' }, supports),
    ...prompts.apis,
    ...fakeNavigation(calls, answer),
    ...(supports('getUserProfile') ? userProfile.apis : {}),
    ...(supports('getPrivacySetting') ? fakePrivacy(calls, answer, options.needPrivacyAuthorization ?? false) : {}),
  };
  return {
    wx: fake as unknown as WechatMiniprogram.Wx,
    server,
    calls,
    network: network.controls,
    storage: storage.controls,
    login: login.login,
    session: login.session,
    modal: prompts.modal,
    userProfile: userProfile.controls,
    install: installer(fake),
  };
}
