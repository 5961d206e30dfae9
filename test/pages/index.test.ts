/** Home page: every login state renders, follows the session, and leads to the other pages. */
import { openPage } from './support/harness';
import { flushMicrotasks } from '../support/wait';
import { holdRequests, OPENID, pageSession, seededLogin } from './support/seed';

afterEach(() => {
  document.body.innerHTML = '';
});

test('logging in, then logged in without a profile: offers 完善资料', async () => {
  let release: () => void = () => undefined;
  const page = openPage('index', {
    before: (fake) => {
      release = holdRequests(fake.server, '/api/auth/login');
    },
  });
  await page.untilExists('#state-loading');
  expect(page.text()).toContain('正在登录');
  expect(page.exists('.profile-card')).toBe(false);

  release();
  await page.untilExists('.profile-card');
  expect(page.text('.nickname')).toBe('未设置昵称');
  expect(page.text('#profile-sub')).toBe('未绑定手机号');
  expect(page.text()).not.toContain('已登录');
  expect(page.text('#tip-profile')).toContain('还没有头像和昵称');
  expect(page.exists('#btn-auth')).toBe(true);
  expect(page.fake.server.userByOpenid(OPENID)?.nickName).toBeNull();
});

test('logged in with a profile: avatar and nickname, no 完善资料', async () => {
  const seeded = seededLogin({ nickName: '小明', avatarUrl: 'https://example.com/a.png' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');
  expect(page.attrs('#avatar')).toMatchObject({ src: 'https://example.com/a.png' });
  expect(page.exists('#btn-auth')).toBe(false);
  expect(page.fake.server.loginCount()).toBe(0);
});

test('a failed wx.login shows the error and a retry that logs in', async () => {
  const page = openPage('index', { before: (fake) => fake.login.failNext(1) });
  await page.untilExists('#state-error');
  expect(page.text('#error-title')).toBe('登录失败');
  expect(page.text('#state-error')).toContain('微信登录失败，请稍后重试');

  page.tap('#btn-retry');
  await page.untilExists('.profile-card');
  expect(page.fake.server.loginCount()).toBe(1);
});

test('server unreachable while the network works: no advice to fix the network; a retry that fails says so differently', async () => {
  const page = openPage('index', { before: (fake) => fake.server.setDown(true) });
  await page.untilExists('#state-error');
  expect(page.text('#error-title')).toBe('服务暂时不可用');
  expect(page.text('#error-text')).toBe('暂时连不上服务器，请稍后重试');
  expect(page.text('#state-error')).not.toContain('网络');
  expect(page.exists('#error-hint')).toBe(false);
  const loginsSent = () => page.fake.network.requestsTo('/api/auth/login').length;
  expect(loginsSent()).toBe(1);

  page.tap('#btn-retry');
  await page.untilText('已重试 1 次仍未连上', '#error-hint');
  expect(loginsSent()).toBe(2);
  page.tap('#btn-retry');
  await page.untilText('已重试 2 次仍未连上', '#error-hint');
  expect(loginsSent()).toBe(3);

  page.fake.server.setDown(false);
  page.tap('#btn-retry');
  await page.untilExists('.profile-card');
  expect(page.data().retries).toBe(0);
});

test('the server answers 5xx: says the service is unavailable, with its status', async () => {
  const page = openPage('index', {
    before: (fake) => fake.server.route('POST', '/api/auth/login', () => ({ statusCode: 502, data: '<html>Bad Gateway</html>' })),
  });
  await page.untilExists('#state-error');
  expect(page.text('#error-title')).toBe('服务暂时不可用');
  expect(page.text('#error-text')).toBe('服务暂时不可用（502），请稍后重试');
});

test('no network on the device: asks to check the network; retry once it is back', async () => {
  const page = openPage('index', { networkType: 'none' });
  await page.untilExists('#state-error');
  expect(page.text('#error-title')).toBe('网络未连接');
  expect(page.text('#error-text')).toBe('网络未连接，请检查网络设置后重试');
  page.fake.network.setType('wifi');
  page.tap('#btn-retry');
  await page.untilExists('.profile-card');
});

test('a nickname without an avatar is not a finished profile: the avatar prompt stays', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');
  expect(page.exists('#avatar-placeholder')).toBe(true);
  expect(page.text('#tip-profile')).toContain('还没有设置头像');
  expect(page.exists('#btn-auth')).toBe(true);
});

test('coming to the front refreshes the user: a profile cleared on the server shows as unset', async () => {
  const seeded = seededLogin({ nickName: '小明', avatarUrl: 'https://example.com/a.png', phoneNumber: '13800138000', countryCode: '86' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');
  expect(page.text('#profile-sub')).toBe('手机号 138****8000');
  seeded.server.changeUser(OPENID, { nickName: null, avatarUrl: null, phoneNumber: null, countryCode: null });

  page.lifecycle('onShow');
  await page.untilText('未设置昵称', '.nickname');
  expect(page.exists('#avatar')).toBe(false);
  expect(page.text('#profile-sub')).toBe('未绑定手机号');
  expect(pageSession().getUser()).toMatchObject({ nickName: null, avatarUrl: null });
});

test('an account deleted elsewhere: on the next show the app logs in once, as a new user, and shows that user', async () => {
  const seeded = seededLogin({ nickName: '小明', avatarUrl: 'https://example.com/a.png' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');
  seeded.server.deleteUser(OPENID);

  page.lifecycle('onShow');
  await page.untilText('未设置昵称', '.nickname');
  const fresh = page.fake.server.userByOpenid(OPENID);
  expect(fresh?.id).not.toBe(seeded.user.id);
  expect(pageSession().getUser()?.id).toBe(fresh?.id);
  expect(page.fake.server.loginCount()).toBe(1);
});

test('logged out, coming to the front does not log in behind the user’s back', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilExists('.profile-card');
  await pageSession().logout();
  await page.untilExists('#state-logged-out');
  const sent = page.fake.calls.network.length;
  page.lifecycle('onShow');
  await flushMicrotasks();
  expect(page.fake.calls.network).toHaveLength(sent);
  expect(page.fake.server.loginCount()).toBe(0);
});

test('after an account deletion (?deleted=1): says the account is gone, and 微信登录 starts afresh', async () => {
  const page = openPage('index', {
    query: { deleted: '1' },
    before: (fake) => {
      // As after the deletion: this launch's login already happened and the session was forgotten.
      fake.login.failNext(1);
    },
  });
  await page.untilExists('#state-error');
  pageSession().forget();
  await page.untilExists('#state-logged-out');
  expect(page.text('#state-logged-out')).toContain('账号已注销');
  expect(page.text('#deleted-text')).toContain('再次登录将作为新用户');
  page.tap('#btn-login');
  await page.untilExists('.profile-card');
  expect(page.fake.server.loginCount()).toBe(1);
});

test('the logged-out home links both agreements next to 微信登录', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilExists('.profile-card');
  await pageSession().logout();
  await page.untilExists('#agreement-login');
  expect(page.text('#agreement-login')).toBe('登录即表示同意《用户协议》和《隐私政策》');
  page.tap('#agreement-login >>> #link-terms');
  await page.until(() => page.fake.calls.navigation.length === 1, 'navigation');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateTo', url: '/pages/agreement/agreement?doc=terms' });
});

test('logged out: says so and offers a login', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilExists('.profile-card');
  await pageSession().logout();
  await page.untilExists('#state-logged-out');
  expect(page.text()).toContain('你还未登录');

  page.tap('#btn-login');
  await page.untilText('小明', '.nickname');
  expect(page.fake.server.loginCount()).toBe(1);
});

test('follows the session while shown, and stops after onUnload', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');

  pageSession().setUser({ ...seeded.user, nickName: '小红' });
  expect(page.text('.nickname')).toBe('小红');

  page.lifecycle('onUnload');
  pageSession().setUser({ ...seeded.user, nickName: '小刚' });
  expect(page.text('.nickname')).toBe('小红');
});

test('detaching the page also unsubscribes', async () => {
  const seeded = seededLogin({ nickName: '小明' });
  const page = openPage('index', { server: seeded.server, storage: seeded.storage });
  await page.untilText('小明', '.nickname');
  const before = page.data().nickName;
  page.detach();
  pageSession().setUser({ ...seeded.user, nickName: '小刚' });
  expect(page.data().nickName).toBe(before);
});

test('navigates to the auth page and the user center', async () => {
  const page = openPage('index');
  await page.untilExists('#btn-auth');
  page.tap('#btn-auth');
  page.tap('#btn-ucenter');
  await page.until(() => page.fake.calls.navigation.length === 2, 'two navigations');
  expect(page.fake.calls.navigation).toEqual([
    { api: 'navigateTo', url: '/pages/auth/auth' },
    { api: 'navigateTo', url: '/pages/ucenter/ucenter' },
  ]);
});
