/** Home page: every login state renders, follows the session, and leads to the other pages. */
import { openPage } from './support/harness';
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
  expect(page.text('#login-badge')).toBe('已登录');
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

test('a failed login shows the error and a retry that logs in', async () => {
  const page = openPage('index', { before: (fake) => fake.login.failNext(1) });
  await page.untilExists('#state-error');
  expect(page.text('#state-error')).toContain('登录失败');
  expect(page.text('#state-error')).toContain('微信登录失败，请稍后重试');

  page.tap('#btn-retry');
  await page.untilExists('.profile-card');
  expect(page.fake.server.loginCount()).toBe(1);
});

test('server unreachable: a network message; retry once it is back', async () => {
  const page = openPage('index', { before: (fake) => fake.server.setDown(true) });
  await page.untilText('网络连接失败', '#state-error');
  page.fake.server.setDown(false);
  page.tap('#btn-retry');
  await page.untilExists('.profile-card');
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
