/** User center: profile and phone states, the getPhoneNumber flows by base library, privacy, logout. */
import { errorResponse } from '../support/fake-wx';
import { flushMicrotasks } from '../support/wait';
import { openPage, type OpenOptions } from './support/harness';
import { holdRequests, OPENID, pageSession, seededLogin } from './support/seed';

type Listener = WechatMiniprogramExtra.NeedPrivacyAuthorizationListener;

afterEach(() => {
  document.body.innerHTML = '';
});

function phoneRequests(page: ReturnType<typeof openPage>) {
  return page.fake.network.requestsTo('/api/user/phone');
}

async function openReady(profile: Parameters<typeof seededLogin>[0] = {}, options: OpenOptions = {}) {
  const seeded = seededLogin(profile);
  const page = openPage('ucenter', { server: seeded.server, storage: seeded.storage, ...options });
  await page.untilExists('.profile-card');
  return { page, seeded };
}

describe('states', () => {
  test('loading, then the profile without a phone: the getPhoneNumber button', async () => {
    let release: () => void = () => undefined;
    const seeded = seededLogin({ nickName: '小明' });
    const page = openPage('ucenter', {
      server: seeded.server,
      storage: seeded.storage,
      before: (fake) => {
        release = holdRequests(fake.server, '/api/user/me');
      },
    });
    await page.untilExists('#state-loading');
    expect(page.exists('.profile-card')).toBe(false);
    release();
    await page.untilExists('.profile-card');
    expect(page.text('.nickname')).toBe('小明');
    expect(page.exists('.phone')).toBe(false);
    expect(page.attrs('#btn-phone')).toMatchObject({ openType: 'getPhoneNumber' });
    expect(page.events('#btn-phone')).toEqual(['getphonenumber']);
  });

  test('with a phone: masked, and the phone cell offers 更换 through getPhoneNumber', async () => {
    const { page } = await openReady({ nickName: '小明', phoneNumber: '13800138000', countryCode: '86' });
    expect(page.text('.phone')).toBe('138****8000');
    expect(page.text()).not.toContain('13800138000');
    expect(page.text('#phone-action')).toBe('更换');
    expect(page.attrs('#btn-phone')).toMatchObject({ openType: 'getPhoneNumber' });
  });

  test('without a phone the whole cell is the 绑定手机号 button, with the agreements next to it', async () => {
    const { page } = await openReady({ nickName: '小明' });
    expect(page.text('#btn-phone')).toContain('绑定手机号');
    expect(page.text('#btn-phone')).toContain('去绑定');
    expect(page.attrs('#btn-phone')).toMatchObject({ openType: 'getPhoneNumber', phoneNumberNoQuotaToast: false });
    expect(page.text('#agreement-phone')).toBe('绑定即表示同意《用户协议》和《隐私政策》');
  });

  test('no profile: says so and offers to fill it in', async () => {
    const { page } = await openReady();
    expect(page.text('.nickname')).toBe('未设置昵称');
    expect(page.text('#btn-edit-profile')).toContain('去完善');
    page.tap('#btn-edit-profile');
    await page.until(() => page.fake.calls.navigation.length === 1, 'navigation');
    expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateTo', url: '/pages/auth/auth' });
  });

  test('follows profile changes made elsewhere (the auth page) while open', async () => {
    const { page, seeded } = await openReady({ nickName: '小明' });
    pageSession().setUser({ ...seeded.user, nickName: '改过的昵称', avatarUrl: 'https://example.com/new.png' });
    expect(page.text('.nickname')).toBe('改过的昵称');
    expect(page.attrs('#avatar')).toMatchObject({ src: 'https://example.com/new.png' });
  });

  test('shows what the server has, not a stale stored profile', async () => {
    const seeded = seededLogin({ nickName: '旧昵称' });
    seeded.server.route('GET', '/api/user/me', () => ({ statusCode: 200, data: { ...seeded.user, nickName: '新昵称' } }));
    const page = openPage('ucenter', { server: seeded.server, storage: seeded.storage });
    await page.untilText('新昵称', '.nickname');
  });

  test('login fails: an error with a retry, not a blank page', async () => {
    const page = openPage('ucenter', { before: (fake) => fake.login.failNext(1) });
    await page.untilExists('#state-error');
    expect(page.text('#state-error')).toContain('微信登录失败，请稍后重试');
    page.tap('#btn-retry');
    await page.untilExists('.profile-card');
    expect(page.exists('#state-error')).toBe(false);
  });

  test('the profile request fails: error, then retry', async () => {
    const seeded = seededLogin({ nickName: '小明' });
    const page = openPage('ucenter', {
      server: seeded.server,
      storage: seeded.storage,
      before: (fake) => fake.server.setDown(true),
    });
    await page.untilText('暂时连不上服务器', '#state-error');
    expect(page.text('#state-error')).toContain('服务暂时不可用');
    page.fake.server.setDown(false);
    page.tap('#btn-retry');
    await page.untilText('小明', '.nickname');
  });
});

describe('getphonenumber', () => {
  test('ok with a code (3.x): bound through api.bindPhone({code}) and shown masked', async () => {
    const { page } = await openReady({ nickName: '小明' });
    const code = page.fake.server.issuePhoneCode('13800138000');
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code, encryptedData: 'x', iv: 'y' });
    await page.untilText('138****8000', '.phone');
    expect(phoneRequests(page).map((request) => request.data)).toEqual([{ code }]);
    expect(page.fake.server.userByOpenid(OPENID)?.phoneNumber).toBe('13800138000');
    expect(page.fake.calls.toast.map((toast) => toast.title)).toContain('手机号已绑定');
    expect(page.text('#phone-action')).toBe('更换');
  });

  test('更换: getPhoneNumber again replaces the bound number', async () => {
    const { page } = await openReady({ nickName: '小明', phoneNumber: '13800138000', countryCode: '86' });
    const code = page.fake.server.issuePhoneCode('13900139000');
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code });
    await page.untilText('139****9000', '.phone');
    expect(page.fake.server.userByOpenid(OPENID)?.phoneNumber).toBe('13900139000');
    expect(page.fake.calls.toast.map((toast) => toast.title)).toContain('手机号已更换');
  });

  test('deny is a quiet cancel', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' });
    await flushMicrotasks();
    expect(page.exists('#notice')).toBe(false);
    expect(phoneRequests(page)).toHaveLength(0);
    expect(page.exists('#btn-phone')).toBe(true);
  });

  test('errno 1400001: the quota message, with a real 联系客服 contact button', async () => {
    const { page } = await openReady({ nickName: '小明' });
    expect(page.exists('#btn-contact')).toBe(false);
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail no permission', errno: 1400001 });
    await page.untilText('次数已用完', '#notice');
    expect(page.text('#notice')).toContain('联系客服');
    expect(page.attrs('#btn-contact')).toMatchObject({ openType: 'contact' });
    expect(page.text('#btn-contact')).toBe('联系客服');
    await flushMicrotasks();
    expect(phoneRequests(page)).toHaveLength(0);
    expect(page.exists('#btn-phone')).toBe(true);
  });

  test('a code the server rejects: a message, the button stays', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'never-issued' });
    await page.untilText('授权已失效，请重新操作', '#notice');
    expect(page.text('#notice')).toContain('绑定失败');
    expect(page.exists('#btn-phone')).toBe(true);
    expect(page.data().binding).toBe(false);
  });

  test('ok but nothing usable in it', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok' });
    await page.untilText('没有拿到手机号', '#notice');
    expect(phoneRequests(page)).toHaveLength(0);
  });

  test('3.x: the session_key is not checked (the code flow does not need it)', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.lifecycle('onShow');
    await flushMicrotasks();
    expect(page.fake.calls.checkSession).toHaveLength(0);
  });

  test.each(['2.10.0', '2.20.0'])('no code (%s): session_key made current on load, then encryptedData + iv, no wx.login in the callback', async (sdkVersion) => {
    const { page } = await openReady({ nickName: '小明' }, { sdkVersion, sessionValid: false });
    // The stale key was found and replaced before any tap.
    await page.until(() => page.fake.calls.login.length === 1 && page.fake.session.isValid(), 'session_key refreshed');
    expect(page.fake.calls.checkSession).toEqual([false]);

    const legacy = page.fake.server.issueEncryptedPhone('13900139000');
    const loginsBeforeTap = page.fake.calls.login.length;
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', ...legacy });
    await page.untilText('139****9000', '.phone');
    expect(phoneRequests(page).map((request) => request.data)).toEqual([legacy]);
    expect(page.fake.calls.login.length).toBe(loginsBeforeTap);
  });

  test('no code (2.20.0): checked again on show, valid key means no new login', async () => {
    const { page } = await openReady({ nickName: '小明' }, { sdkVersion: '2.20.0' });
    await page.until(() => page.fake.calls.checkSession.length === 1, 'checked on load');
    page.lifecycle('onShow');
    await page.until(() => page.fake.calls.checkSession.length === 2, 'checked on show');
    expect(page.fake.calls.login).toHaveLength(0);
  });

  test('a bound phone (2.20.0): the session_key is still made current, since 更换 uses the legacy data too', async () => {
    const { page } = await openReady({ nickName: '小明', phoneNumber: '13800138000', countryCode: '86' }, { sdkVersion: '2.20.0' });
    await page.until(() => page.fake.calls.checkSession.length === 1, 'checked on load');
    const legacy = page.fake.server.issueEncryptedPhone('13900139000');
    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', ...legacy });
    await page.untilText('139****9000', '.phone');
  });
});

describe('logout', () => {
  test('confirm: session ended on the server, back to the home page', async () => {
    const { page, seeded } = await openReady({ nickName: '小明' });
    const token = page.fake.server.activeTokens()[0];
    expect(token).toBeDefined();
    page.fake.modal.answerNext(true);
    page.tap('#btn-logout');
    await page.until(() => page.fake.calls.navigation.length === 1, 'reLaunch');
    expect(page.fake.calls.modal).toHaveLength(1);
    expect(page.fake.calls.modal[0].title).toBe('退出登录');
    expect(page.fake.network.requestsTo('/api/auth/logout')).toHaveLength(1);
    expect(page.fake.server.activeTokens()).not.toContain(token);
    expect(page.fake.calls.navigation[0]).toEqual({ api: 'reLaunch', url: '/pages/index/index' });
    expect(page.fake.storage.keys()).toEqual([]);
    expect(seeded.user.id).toBe(page.fake.server.userByOpenid(OPENID)?.id);
  });

  test('cancel does nothing', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.fake.modal.answerNext(false);
    page.tap('#btn-logout');
    await page.until(() => page.fake.calls.modal.length === 1, 'modal shown');
    await flushMicrotasks();
    expect(page.fake.network.requestsTo('/api/auth/logout')).toHaveLength(0);
    expect(page.fake.calls.navigation).toHaveLength(0);
    expect(page.fake.server.activeTokens()).toHaveLength(1);
    expect(page.exists('.profile-card')).toBe(true);
  });
});

describe('privacy popup', () => {
  function capturePrivacy(): { options: OpenOptions; listener: () => Listener } {
    let captured: Listener | null = null;
    return {
      options: {
        before: (fake) => {
          Object.assign(fake.wx, {
            onNeedPrivacyAuthorization: (listener: Listener) => {
              captured = listener;
            },
          });
        },
      },
      listener: () => {
        if (captured === null) throw new Error('no privacy listener registered');
        return captured;
      },
    };
  }

  test('agree resolves with the agree button id and closes the popup', async () => {
    const privacy = capturePrivacy();
    const { page } = await openReady({ nickName: '小明' }, privacy.options);
    expect(page.exists('#privacy-popup >>> #privacy-mask')).toBe(false);
    const decisions: WechatMiniprogramExtra.PrivacyDecision[] = [];
    privacy.listener()((decision) => decisions.push(decision), { referrer: 'getPhoneNumber' });
    await page.untilExists('#privacy-popup >>> #btn-privacy-agree');
    expect(page.attrs('#privacy-popup >>> #btn-privacy-agree')).toMatchObject({ openType: 'agreePrivacyAuthorization' });
    page.dispatch('#privacy-popup >>> #btn-privacy-agree', 'agreeprivacyauthorization', {});
    await page.until(() => decisions.length === 1, 'resolved');
    expect(decisions).toEqual([{ event: 'agree', buttonId: 'btn-privacy-agree' }]);
    await page.until(() => !page.exists('#privacy-popup >>> #privacy-mask'), 'popup closed');
  });

  test('disagree resolves disagree and leaves the page usable', async () => {
    const privacy = capturePrivacy();
    const { page } = await openReady({ nickName: '小明' }, privacy.options);
    const decisions: WechatMiniprogramExtra.PrivacyDecision[] = [];
    privacy.listener()((decision) => decisions.push(decision), { referrer: 'getPhoneNumber' });
    await page.untilExists('#privacy-popup >>> #btn-privacy-disagree');
    page.tap('#privacy-popup >>> #btn-privacy-disagree');
    await page.until(() => decisions.length === 1, 'resolved');
    expect(decisions).toEqual([{ event: 'disagree' }]);
    await page.untilText('未同意隐私保护指引', '#notice');
    expect(page.exists('#privacy-popup >>> #privacy-mask')).toBe(false);

    page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail privacy permission is not authorized' });
    page.fake.modal.answerNext(false);
    page.tap('#btn-logout');
    await page.until(() => page.fake.calls.modal.length === 1, 'logout still works');
    expect(phoneRequests(page)).toHaveLength(0);
  });

  test('the link opens the privacy contract', async () => {
    const privacy = capturePrivacy();
    const { page } = await openReady({ nickName: '小明' }, privacy.options);
    privacy.listener()(() => undefined, { referrer: 'getPhoneNumber' });
    await page.untilExists('#privacy-popup >>> #link-privacy-contract');
    page.tap('#privacy-popup >>> #link-privacy-contract');
    await page.until(() => page.fake.calls.privacy.includes('openPrivacyContract'), 'contract opened');
  });

  test('leaving the page with the popup open declines', async () => {
    const privacy = capturePrivacy();
    const { page } = await openReady({ nickName: '小明' }, privacy.options);
    const decisions: WechatMiniprogramExtra.PrivacyDecision[] = [];
    privacy.listener()((decision) => decisions.push(decision), {});
    await page.untilExists('#privacy-popup >>> #privacy-mask');
    page.detach();
    expect(decisions).toEqual([{ event: 'disagree' }]);
  });

  test('old base library without onNeedPrivacyAuthorization: the page works, nothing registered', async () => {
    const { page } = await openReady({ nickName: '小明' }, { sdkVersion: '2.20.0' });
    expect(page.fake.wx.onNeedPrivacyAuthorization).toBeUndefined();
    expect(page.exists('#btn-phone')).toBe(true);
  });

  test('the popup registers with WeChat on a base library that has the API', async () => {
    const { page } = await openReady({ nickName: '小明' });
    expect(page.fake.calls.privacy).toContain('onNeedPrivacyAuthorization');
  });
});

test('a 5xx while binding keeps the page usable', async () => {
  const { page } = await openReady({ nickName: '小明' });
  page.fake.server.route('POST', '/api/user/phone', () => errorResponse(503, 'WECHAT_UNAVAILABLE'));
  page.dispatch('#btn-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'c' });
  await page.untilText('微信服务繁忙', '#notice');
  expect(page.attrs('#btn-phone')).toMatchObject({ disabled: false });
});

describe('what the mini-program holds, and removing it', () => {
  const FULL = { nickName: '小明', avatarUrl: 'https://example.com/a.png', phoneNumber: '13800138000', countryCode: '86' };

  test('lists the profile and the phone, each with 清除', async () => {
    const { page } = await openReady(FULL);
    expect(page.text('#data-profile-value')).toBe('小明');
    expect(page.attrs('#data-avatar')).toMatchObject({ src: 'https://example.com/a.png' });
    expect(page.text('#data-phone-value')).toBe('138****8000');
    expect(page.exists('#btn-clear-profile')).toBe(true);
    expect(page.exists('#btn-clear-phone')).toBe(true);
  });

  test('nothing held: says so, and offers nothing to clear', async () => {
    const { page } = await openReady();
    expect(page.text('#data-profile-value')).toBe('未保存');
    expect(page.text('#data-phone-value')).toBe('未保存');
    expect(page.exists('#btn-clear-profile')).toBe(false);
    expect(page.exists('#btn-clear-phone')).toBe(false);
  });

  test('清除 the profile: asks, then PATCH with nulls; shown as unset everywhere', async () => {
    const { page } = await openReady(FULL);
    page.fake.modal.answerNext(true);
    page.tap('#btn-clear-profile');
    await page.untilText('未设置昵称', '.nickname');
    expect(page.fake.calls.modal[0]).toMatchObject({ title: '清除头像和昵称', confirmText: '清除' });
    const patch = page.fake.network.requestsTo('/api/user/me').find((request) => request.method === 'PATCH');
    expect(patch?.data).toEqual({ nickName: null, avatarUrl: null });
    expect(page.fake.server.userByOpenid(OPENID)).toMatchObject({ nickName: null, avatarUrl: null, phoneNumber: '13800138000' });
    expect(page.exists('#avatar')).toBe(false);
    expect(page.text('#data-profile-value')).toBe('未保存');
    expect(pageSession().getUser()).toMatchObject({ nickName: null, avatarUrl: null });
    expect(page.fake.calls.toast.map((toast) => toast.title)).toContain('已清除');
  });

  test('清除 the phone: asks, then DELETE /api/user/phone; the cell offers 绑定手机号 again', async () => {
    const { page } = await openReady(FULL);
    page.fake.modal.answerNext(true);
    page.tap('#btn-clear-phone');
    await page.untilText('绑定手机号', '#btn-phone');
    expect(page.fake.network.requestsTo('/api/user/phone').map((request) => request.method)).toEqual(['DELETE']);
    expect(page.fake.server.userByOpenid(OPENID)).toMatchObject({ phoneNumber: null, countryCode: null, nickName: '小明' });
    expect(page.text('#data-phone-value')).toBe('未保存');
  });

  test('cancelling the question clears nothing', async () => {
    const { page } = await openReady(FULL);
    page.fake.modal.answerNext(false);
    page.tap('#btn-clear-phone');
    await page.until(() => page.fake.calls.modal.length === 1, 'the question');
    await flushMicrotasks();
    expect(page.fake.network.requestsTo('/api/user/phone')).toHaveLength(0);
    expect(page.text('.phone')).toBe('138****8000');
  });

  test('a failed clear keeps everything and says so', async () => {
    const { page } = await openReady(FULL);
    page.fake.server.route('PATCH', '/api/user/me', () => errorResponse(500, 'INTERNAL'));
    page.fake.modal.answerNext(true);
    page.tap('#btn-clear-profile');
    await page.untilText('清除失败', '#notice');
    expect(page.text('#notice')).toContain('你的信息没有变化');
    expect(page.text('.nickname')).toBe('小明');
    expect(pageSession().getUser()?.nickName).toBe('小明');
    expect(page.data().clearing).toBe('');
  });

  test('注销账号 at the bottom opens the deletion page', async () => {
    const { page } = await openReady(FULL);
    page.tap('#btn-delete-account');
    await page.until(() => page.fake.calls.navigation.length === 1, 'navigation');
    expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateTo', url: '/pages/delete-account/delete-account' });
  });
});

describe('privacy and agreements', () => {
  test('3.x: 隐私保护指引 opens WeChat’s privacy guide', async () => {
    const { page } = await openReady({ nickName: '小明' });
    page.tap('#btn-privacy-guide');
    await page.until(() => page.fake.calls.privacy.includes('openPrivacyContract'), 'the guide opened');
  });

  test('an old base library without wx.openPrivacyContract: no dead entry; the policy page is still there', async () => {
    const { page } = await openReady({ nickName: '小明' }, { sdkVersion: '2.20.0' });
    expect(page.exists('#btn-privacy-guide')).toBe(false);
    expect(page.exists('#btn-privacy-policy')).toBe(true);
  });

  test.each([
    ['#btn-terms', 'terms'],
    ['#btn-privacy-policy', 'privacy'],
  ])('%s opens the agreement page (%s)', async (selector, doc) => {
    const { page } = await openReady({ nickName: '小明' });
    page.tap(selector);
    await page.until(() => page.fake.calls.navigation.length === 1, 'navigation');
    expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateTo', url: `/pages/agreement/agreement?doc=${doc}` });
  });
});

describe('coming back to the front', () => {
  test('a profile cleared on the server (a WeChat revocation) shows as unset', async () => {
    const { page, seeded } = await openReady({ nickName: '小明', avatarUrl: 'https://example.com/a.png' });
    seeded.server.changeUser(OPENID, { nickName: null, avatarUrl: null });
    page.lifecycle('onShow');
    await page.untilText('未设置昵称', '.nickname');
    expect(page.text('#btn-edit-profile')).toContain('去完善');
  });

  test('an account deleted elsewhere: the page shows the new user the one re-login made', async () => {
    const { page, seeded } = await openReady({ nickName: '小明', phoneNumber: '13800138000', countryCode: '86' });
    seeded.server.deleteUser(OPENID);
    page.lifecycle('onShow');
    await page.untilText('未设置昵称', '.nickname');
    expect(page.text('#data-phone-value')).toBe('未保存');
    expect(page.fake.server.loginCount()).toBe(1);
    expect(pageSession().getUser()?.id).not.toBe(seeded.user.id);
  });
});
