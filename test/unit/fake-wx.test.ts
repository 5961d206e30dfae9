import {
  ANONYMOUS_NICKNAME,
  createFakeServer,
  createFakeWx,
  json,
  OFFLINE_ERRMSG,
  STORAGE_KEY_LIMIT_BYTES,
} from '../support/fake-wx';

describe('storage', () => {
  test('sync storage round-trips copies and answers "" for a missing key', () => {
    const { wx } = createFakeWx();
    const value = { a: [1, 2], b: '中文' };
    wx.setStorageSync('k', value);
    value.a.push(3);
    expect(wx.getStorageSync('k')).toEqual({ a: [1, 2], b: '中文' });
    expect(wx.getStorageSync('missing')).toBe('');
    wx.removeStorageSync('k');
    expect(wx.getStorageSync('k')).toBe('');
  });

  test('a value over 1 MB is refused and nothing is stored', () => {
    const fake = createFakeWx();
    expect(() => fake.wx.setStorageSync('big', 'x'.repeat(STORAGE_KEY_LIMIT_BYTES))).toThrow(/fail/);
    expect(fake.storage.keys()).toEqual([]);
    fake.wx.setStorageSync('fits', 'x'.repeat(STORAGE_KEY_LIMIT_BYTES - 100));
    expect(fake.storage.keys()).toEqual(['fits']);
  });

  test('counts UTF-8 bytes, so 400k Chinese characters (1.2 MB) do not fit in one key', () => {
    const { wx } = createFakeWx();
    expect(() => wx.setStorageSync('zh', '中'.repeat(400 * 1024))).toThrow(/fail/);
  });

  test('more than 10 MB in total is refused; replacing a key counts its new size only', () => {
    const fake = createFakeWx();
    const chunk = 'x'.repeat(STORAGE_KEY_LIMIT_BYTES - 100);
    for (let i = 0; i < 10; i += 1) fake.wx.setStorageSync(`k${i}`, chunk);
    expect(() => fake.wx.setStorageSync('k10', chunk)).toThrow(/exceed storage max size/);
    expect(fake.storage.keys()).toHaveLength(10);
    fake.wx.setStorageSync('k0', chunk);
    fake.wx.clearStorageSync();
    expect(fake.storage.bytes()).toBe(0);
  });

  test('async variants work with promises and with callbacks', async () => {
    const { wx } = createFakeWx();
    await wx.setStorage({ key: 'k', data: 1 });
    await expect(wx.getStorage({ key: 'k' })).resolves.toMatchObject({ data: 1 });
    await expect(wx.getStorage({ key: 'none' })).rejects.toMatchObject({ errMsg: expect.stringContaining('fail') });
    const failed = await new Promise<string>((resolve) => {
      wx.setStorage({ key: 'big', data: 'x'.repeat(STORAGE_KEY_LIMIT_BYTES), fail: (result) => resolve(result.errMsg) });
    });
    expect(failed).toMatch(/^setStorage:fail/);
    await wx.removeStorage({ key: 'k' });
    await wx.clearStorage();
    expect(wx.getStorageInfoSync().keys).toEqual([]);
  });

  test('corrupt entries make getStorageSync fail', () => {
    const fake = createFakeWx();
    fake.storage.corrupt('k', '{oops');
    expect(() => fake.wx.getStorageSync('k')).toThrow(/fail/);
  });
});

describe('wx.login and wx.checkSession', () => {
  test('each login mints a new code for the current openid; failures are scriptable', async () => {
    const fake = createFakeWx({ openid: 'alice' });
    const first = await fake.wx.login();
    fake.login.setOpenid('bob');
    const second = await fake.wx.login();
    expect(first.code).toMatch(/^code:alice:/);
    expect(second.code).toMatch(/^code:bob:/);
    expect(first.code).not.toBe(second.code);

    fake.login.failNext(1, 'login:fail busy');
    await expect(fake.wx.login()).rejects.toEqual({ errMsg: 'login:fail busy' });
    expect(fake.login.codes()).toEqual([first.code, second.code]);
  });

  test('checkSession answers what the test set, and a login makes it valid again', async () => {
    const fake = createFakeWx({ sessionValid: false });
    await expect(fake.wx.checkSession()).rejects.toMatchObject({ errMsg: expect.stringContaining('checkSession:fail') });
    await fake.wx.login();
    await expect(fake.wx.checkSession()).resolves.toMatchObject({ errMsg: 'checkSession:ok' });
    expect(fake.calls.checkSession).toEqual([false, true]);
  });
});

describe('network', () => {
  test('wx.getNetworkType answers the configured type; with none every request fails as WeChat does offline', async () => {
    const fake = createFakeWx({ networkType: 'none' });
    await expect(fake.wx.getNetworkType()).resolves.toMatchObject({ networkType: 'none' });
    const failure = await new Promise<string>((resolve) => {
      fake.wx.request({ url: 'http://h/api/health', success: () => resolve('success'), fail: (result) => resolve(result.errMsg) });
    });
    expect(failure).toBe(OFFLINE_ERRMSG);
    fake.network.setType('4g');
    await expect(fake.wx.getNetworkType()).resolves.toMatchObject({ networkType: '4g' });
  });

  test('wx.setNavigationBarTitle is recorded', async () => {
    const fake = createFakeWx();
    await fake.wx.setNavigationBarTitle({ title: '用户协议' });
    expect(fake.calls.navigationBarTitle).toEqual(['用户协议']);
  });

  test('wx.request reports every status through success and decodes JSON strings', async () => {
    const server = createFakeServer().route('GET', '/x', () => ({ statusCode: 500, data: '{"a":1}' }));
    const { wx } = createFakeWx({ server });
    const result = await new Promise<WechatMiniprogram.RequestSuccessCallbackResult>((resolve, reject) => {
      wx.request({ url: 'http://h/x', success: resolve, fail: reject });
    });
    expect(result.statusCode).toBe(500);
    expect(result.data).toEqual({ a: 1 });
  });

  test('wx.uploadFile hands the body over as a string', async () => {
    const server = createFakeServer().route('POST', '/up', () => json(200, { ok: true }));
    const { wx } = createFakeWx({ server });
    const result = await new Promise<WechatMiniprogram.UploadFileSuccessCallbackResult>((resolve, reject) => {
      wx.uploadFile({ url: 'http://h/up', filePath: '/tmp/a.png', name: 'file', success: resolve, fail: reject });
    });
    expect(result.data).toBe('{"ok":true}');
  });

  test('more than 10 calls at once fail like WeChat, and the in-flight peak is recorded', async () => {
    const server = createFakeServer().route('GET', '/hang', () => new Promise(() => undefined));
    const fake = createFakeWx({ server });
    const failures: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      fake.wx.request({ url: 'http://h/hang', timeout: 1000, fail: (result) => failures.push(result.errMsg) });
    }
    await Promise.resolve();
    await Promise.resolve();
    expect(failures).toEqual(['request:fail exceed max task count']);
    expect(fake.network.maxInFlight()).toBe(11);
    expect(fake.network.inFlight()).toBe(10);
  });
});

describe('UI, navigation and versions', () => {
  test('toasts, modals, loading and navigation are recorded; modal answers are scriptable', async () => {
    const fake = createFakeWx();
    await fake.wx.showToast({ title: 'hi', icon: 'none' });
    fake.modal.answerNext(false);
    await expect(fake.wx.showModal({ title: 't', content: 'c' })).resolves.toMatchObject({ confirm: false, cancel: true });
    await expect(fake.wx.showModal({ title: 't2' })).resolves.toMatchObject({ confirm: true });
    await fake.wx.showLoading({ title: '加载中' });
    await fake.wx.hideLoading();
    await fake.wx.navigateTo({ url: '/pages/auth/auth' });
    await fake.wx.navigateBack();
    await fake.wx.reLaunch({ url: '/pages/index/index' });

    expect(fake.calls.toast.map((toast) => toast.title)).toEqual(['hi']);
    expect(fake.calls.modal.map((modal) => modal.title)).toEqual(['t', 't2']);
    expect(fake.calls.loading).toEqual([{ show: true, title: '加载中' }, { show: false }]);
    expect(fake.calls.navigation).toEqual([
      { api: 'navigateTo', url: '/pages/auth/auth' },
      { api: 'navigateBack', delta: 1 },
      { api: 'reLaunch', url: '/pages/index/index' },
    ]);
  });

  test('SDK version drives getAppBaseInfo, canIUse and what getUserProfile returns', async () => {
    const modern = createFakeWx({ sdkVersion: '3.7.0' });
    expect(modern.wx.getAppBaseInfo().SDKVersion).toBe('3.7.0');
    expect(modern.wx.canIUse('button.open-type.chooseAvatar')).toBe(true);
    await expect(modern.wx.getUserProfile({ desc: '用于完善资料' })).resolves.toMatchObject({
      userInfo: { nickName: ANONYMOUS_NICKNAME },
    });

    const old = createFakeWx({ sdkVersion: '2.10.4' });
    expect((old.wx as { getAppBaseInfo?: unknown }).getAppBaseInfo).toBeUndefined();
    expect(old.wx.getSystemInfoSync().SDKVersion).toBe('2.10.4');
    expect(old.wx.canIUse('getUserProfile')).toBe(true);
    expect(old.wx.canIUse('button.open-type.chooseAvatar')).toBe(false);
    const profile = await old.wx.getUserProfile({ desc: '用于完善资料' });
    expect(profile.userInfo.nickName).not.toBe(ANONYMOUS_NICKNAME);

    const ancient = createFakeWx({ sdkVersion: '2.9.0', canIUse: { 'button.open-type.getPhoneNumber': false } });
    expect((ancient.wx as { getUserProfile?: unknown }).getUserProfile).toBeUndefined();
    expect(ancient.wx.canIUse('button.open-type.getPhoneNumber')).toBe(false);
  });

  test('getUserProfile can be denied and checks desc', async () => {
    const fake = createFakeWx();
    fake.userProfile.denyNext();
    await expect(fake.wx.getUserProfile({ desc: '用于完善资料' })).rejects.toEqual({ errMsg: 'getUserProfile:fail auth deny' });
    await expect(fake.wx.getUserProfile({ desc: 'x'.repeat(31) })).rejects.toMatchObject({ errMsg: expect.stringContaining('fail') });
    fake.userProfile.respondNext({ nickName: '真名', avatarUrl: 'https://a/b.png' });
    await expect(fake.wx.getUserProfile({ desc: '用于完善资料' })).resolves.toMatchObject({ userInfo: { nickName: '真名' } });
    expect(fake.calls.userProfile).toHaveLength(3);
  });

  test('install sets global wx and restores the previous value', () => {
    const holder = globalThis as { wx?: unknown };
    const before = holder.wx;
    const fake = createFakeWx();
    const restore = fake.install();
    expect(holder.wx).toBe(fake.wx);
    restore();
    expect(holder.wx).toBe(before);
  });
});
