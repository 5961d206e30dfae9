/**
 * The default instances: app.ts's onLaunch runs the silent login on the global `wx`, and the exported
 * `session`, `api`, `request` and `upload` all share it.
 */
import { SESSION_STORAGE_KEY } from 'miniprogram-login';
import { createFakeWx, type FakeWx } from '../support/fake-wx';
import { waitFor } from '../support/wait';

type AppOptions = { onLaunch?: () => void };
const holder = globalThis as { App?: (options: AppOptions) => void; wx?: unknown };

let fake: FakeWx;
let restoreWx: () => void;
let registered: AppOptions | null;

beforeEach(() => {
  jest.resetModules();
  fake = createFakeWx();
  restoreWx = fake.install();
  registered = null;
  holder.App = (options) => {
    registered = options;
  };
});

afterEach(() => {
  restoreWx();
  delete holder.App;
});

test('onLaunch logs in silently through the default session, which api and request then use', async () => {
  require('../../miniprogram/app');
  const { session, request, upload } = require('miniprogram-login') as typeof import('miniprogram-login');
  const { api } = require('miniprogram-login/api') as typeof import('miniprogram-login/api');

  expect(registered?.onLaunch).toBeInstanceOf(Function);
  expect(fake.calls.login).toHaveLength(0);
  registered?.onLaunch?.();
  await waitFor(() => session.getState().status === 'logged-in', 'the launch login');

  expect(fake.calls.network[0].url).toBe('http://127.0.0.1:3000/api/auth/login');
  expect(fake.storage.keys()).toContain(SESSION_STORAGE_KEY);
  const me = await api.getMe();
  expect(me.id).toBe(session.getUser()?.id);
  await expect(request({ path: '/api/health', auth: false })).resolves.toEqual({ status: 'ok' });
  const uploaded = await upload<{ avatarUrl: string }>({ path: '/api/user/avatar', filePath: '/tmp/a.png', name: 'file' });
  expect(uploaded.avatarUrl).toMatch(/^https:/);
  expect(fake.calls.login).toHaveLength(1);
});

test('importing the package does not touch wx until first use', () => {
  const untouched = createFakeWx();
  const touched: PropertyKey[] = [];
  const previous = holder.wx;
  holder.wx = new Proxy(untouched.wx, {
    get(target, key, receiver) {
      touched.push(key);
      return Reflect.get(target, key, receiver);
    },
  });
  try {
    jest.isolateModules(() => {
      require('miniprogram-login');
    });
    expect(touched).toEqual([]);
  } finally {
    holder.wx = previous;
  }
});
