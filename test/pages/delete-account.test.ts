/** 注销账号: what is deleted, the deliberate confirmation, the deletion, and every way it can fail. */
import { SESSION_STORAGE_KEY } from 'miniprogram-login';
import { errorResponse } from '../support/fake-wx';
import { flushMicrotasks } from '../support/wait';
import { openPage, type PageHarness } from './support/harness';
import { OPENID, pageSession, seededLogin } from './support/seed';

afterEach(() => {
  document.body.innerHTML = '';
});

const FULL = { nickName: '小明', avatarUrl: 'https://example.com/a.png', phoneNumber: '13800138000', countryCode: '86' };

async function openReady(profile: Parameters<typeof seededLogin>[0] = FULL, sdkVersion?: string) {
  const seeded = seededLogin(profile);
  const page = openPage('delete-account', { server: seeded.server, storage: seeded.storage, ...(sdkVersion === undefined ? {} : { sdkVersion }) });
  await page.untilExists('#btn-delete');
  return { page, seeded };
}

function deletions(page: PageHarness) {
  return page.fake.network.requestsTo('/api/user/me').filter((request) => request.method === 'DELETE');
}

test('says plainly what will be deleted, with the user’s own data, and that it cannot be undone', async () => {
  const { page } = await openReady();
  expect(page.text()).toContain('永久删除');
  expect(page.text()).toContain('无法撤销');
  expect(page.text('#item-nickname')).toBe('小明');
  expect(page.attrs('#item-avatar')).toMatchObject({ src: 'https://example.com/a.png' });
  expect(page.text('#item-phone')).toBe('138****8000');
  expect(page.text('#deleted-items')).toContain('所有设备将退出登录');
  expect(page.text()).toContain('新用户');
});

test('the button stays disabled until 我已了解 is ticked; tapping it before does nothing', async () => {
  const { page } = await openReady();
  expect(page.attrs('#btn-delete')).toMatchObject({ disabled: true });
  page.invoke('onDelete');
  await flushMicrotasks();
  expect(deletions(page)).toHaveLength(0);

  page.tap('#acknowledge');
  await page.until(() => page.data().acknowledged === true, 'ticked');
  expect(page.attrs('#btn-delete')).toMatchObject({ disabled: false });
  page.tap('#acknowledge');
  await page.until(() => page.data().acknowledged === false, 'unticked again');
  expect(page.attrs('#btn-delete')).toMatchObject({ disabled: true });
});

test.each(['2.10.0', '3.7.0'])('%s: confirmed: DELETE /api/user/me, the session is gone from the device, and the logged-out home opens', async (sdkVersion) => {
  const { page, seeded } = await openReady(FULL, sdkVersion);
  page.tap('#acknowledge');
  await page.until(() => page.data().acknowledged === true, 'ticked');
  page.tap('#btn-delete');
  await page.until(() => page.fake.calls.navigation.length === 1, 'reLaunch');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'reLaunch', url: '/pages/index/index?deleted=1' });
  expect(deletions(page)).toHaveLength(1);
  expect(page.fake.server.userByOpenid(OPENID)).toBeNull();
  expect(page.fake.server.users().some((user) => user.id === seeded.user.id)).toBe(false);
  expect(page.fake.storage.raw(SESSION_STORAGE_KEY)).toBeUndefined();
  expect(pageSession().getState()).toEqual({ status: 'logged-out', user: null, error: null });
  await flushMicrotasks();
  expect(page.fake.network.requestsTo('/api/auth/logout')).toHaveLength(0);
  expect(page.fake.server.loginCount()).toBe(0);
});

test.each([
  ['the server is unreachable', (page: PageHarness) => page.fake.server.setDown(true), '暂时连不上服务器'],
  ['the device is offline', (page: PageHarness) => page.fake.network.setType('none'), '网络未连接'],
  ['the server fails', (page: PageHarness) => page.fake.server.route('DELETE', '/api/user/me', () => errorResponse(500, 'INTERNAL')), '服务暂时不可用'],
])('%s: the account stays, the page says so, nothing changes on the device', async (_what, breakIt, message) => {
  const { page, seeded } = await openReady();
  const stored = page.fake.storage.raw(SESSION_STORAGE_KEY);
  page.tap('#acknowledge');
  await page.until(() => page.data().acknowledged === true, 'ticked');
  breakIt(page);
  page.tap('#btn-delete');
  await page.untilText('注销失败', '#notice');
  expect(page.text('#notice')).toContain(message);
  expect(page.text('#notice')).toContain('你的账号和信息都还在');
  expect(page.fake.calls.navigation).toEqual([]);
  expect(page.fake.storage.raw(SESSION_STORAGE_KEY)).toBe(stored);
  expect(pageSession().getUser()?.id).toBe(seeded.user.id);
  expect(seeded.server.userByOpenid(OPENID)?.id).toBe(seeded.user.id);
  expect(page.data().deleting).toBe(false);
  expect(page.attrs('#btn-delete')).toMatchObject({ disabled: false });
});

test('a failure and a second try: the second deletes', async () => {
  const { page } = await openReady();
  page.tap('#acknowledge');
  await page.until(() => page.data().acknowledged === true, 'ticked');
  page.fake.server.setDown(true);
  page.tap('#btn-delete');
  await page.untilText('注销失败', '#notice');
  page.fake.server.setDown(false);
  page.tap('#btn-delete');
  await page.until(() => page.fake.calls.navigation.length === 1, 'reLaunch');
  expect(page.fake.server.userByOpenid(OPENID)).toBeNull();
});

test('暂不注销 goes back and deletes nothing', async () => {
  const { page } = await openReady();
  page.tap('#btn-cancel');
  await page.until(() => page.fake.calls.navigation.length === 1, 'navigateBack');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateBack', delta: 1 });
  expect(deletions(page)).toHaveLength(0);
});

test('a user with nothing saved sees 未设置 / 未绑定', async () => {
  const { page } = await openReady({});
  expect(page.text('#item-nickname')).toBe('未设置');
  expect(page.exists('#item-avatar')).toBe(false);
  expect(page.text('#item-phone')).toBe('未绑定');
});

test('loading fails: an error with a retry', async () => {
  const seeded = seededLogin(FULL);
  const page = openPage('delete-account', { server: seeded.server, storage: seeded.storage, before: (fake) => fake.server.setDown(true) });
  await page.untilExists('#state-error');
  expect(page.text('#state-error')).toContain('暂时连不上服务器');
  page.fake.server.setDown(false);
  page.tap('#btn-retry');
  await page.untilExists('#btn-delete');
});
