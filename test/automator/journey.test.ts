/**
 * The login journey on the current base library, written only against the public miniprogram-automator
 * API, so the same test drives WeChat DevTools (WECHAT_DEVTOOLS_CLI) or the headless endpoint. The user's
 * side is played as against DevTools: trigger() with WeChat's own event details for chooseAvatar and
 * getPhoneNumber, native() for the modal, mockWxMethod for a dropped connection. What the server holds
 * afterwards is read from its database, its upload folder and its answers.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { currentPage, element, onPage, shows, typeInto, type MiniProgram, type Page } from './support/client';
import { phoneCode } from './support/emulator';
import { openMiniProgram, type Harness } from './support/harness';
import { eventually } from './support/poll';
import { tempPng } from './support/png';

jest.setTimeout(60_000);

let harness: Harness;
let miniProgram: MiniProgram;

beforeAll(async () => {
  harness = await openMiniProgram();
  miniProgram = harness.miniProgram;
});

afterAll(async () => {
  await harness?.close();
});

async function text(page: Page, selector: string): Promise<string> {
  return (await shows(page, selector)).text();
}

/** The headless endpoint picks a local file through WeChat's own picker, which asks for privacy consent first. */
async function agreeToPrivacyIfAsked(page: Page): Promise<void> {
  const popup = await element(page, '#privacy-popup');
  const agree = await popup.$('#btn-privacy-agree');
  if (agree) await agree.tap();
}

async function home(): Promise<Page> {
  return onPage(miniProgram, 'pages/index/index');
}

it('launches, logs in silently and shows the home page', async () => {
  const page = await currentPage(miniProgram);
  expect(page.path).toBe('pages/index/index');
  expect(await text(page, '#profile-sub')).toBe('未绑定手机号');
  expect(await page.data('status')).toBe('logged-in');
  expect(await page.$('#tip-profile')).not.toBeNull();
});

describe('auth page', () => {
  let auth: Page;

  beforeAll(async () => {
    await (await shows(await home(), '#btn-auth')).tap();
    auth = await onPage(miniProgram, 'pages/auth/auth');
    await shows(auth, '#form-profile');
  });

  it('a current base library is not offered 使用微信头像和昵称 (WeChat gives only an anonymous profile there)', async () => {
    expect(await auth.$('#btn-profile')).toBeNull();
    expect((await text(auth, '#agreement-save')).replace(/\s/g, '')).toBe('保存即表示同意《用户协议》和《隐私政策》');
  });

  it('privacy popup: disagreeing keeps the avatar picker closed and tells the user why', async () => {
    await (await element(auth, '#btn-avatar')).tap();
    const popup = await element(auth, '#privacy-popup');
    await (await shows(popup, '#btn-privacy-disagree')).tap();
    expect(await text(auth, '#notice')).toContain('你未同意隐私保护指引');
    expect(await auth.data('avatarPreview')).toBe('');
  });

  it('avatar and nickname: chooseavatar uploads the picked file, the form saves both', async () => {
    const png = await tempPng();
    try {
      await (await element(auth, '#btn-avatar')).trigger('chooseavatar', { avatarUrl: png.filePath });
      await agreeToPrivacyIfAsked(auth);
      const preview = await eventually(async () => {
        const url: unknown = await auth.data('avatarPreview');
        return typeof url === 'string' && url.startsWith('http') ? url : null;
      }, 'the uploaded avatar');
      expect(await text(auth, '#avatar-note')).toContain('头像已上传');
      await (await element(auth, '#btn-save')).tap();
      expect(await text(auth, '#nickname-error')).toBe('请填写昵称');
      expect(await text(auth, '#avatar-note')).toContain('头像已上传');

      await typeInto(await element(auth, '#input-nickname'), '小明');
      await (await element(auth, '#btn-save')).tap();

      const page = await home();
      expect(await text(page, '.nickname')).toBe('小明');
      expect(await page.data('avatarUrl')).toBe(preview);
      expect(await page.$('#tip-profile')).toBeNull();
    } finally {
      await png.remove();
    }
  });
});

describe('user center', () => {
  let ucenter: Page;

  beforeAll(async () => {
    // A route API rather than the home page's button, so this part does not depend on the auth page's outcome.
    const page = await miniProgram.reLaunch('/pages/ucenter/ucenter');
    if (!page) throw new Error('reLaunch gave no page');
    ucenter = page;
    await shows(ucenter, '#btn-phone');
  });

  it('getPhoneNumber denied: nothing is bound and the button stays', async () => {
    await (await element(ucenter, '#btn-phone')).trigger('getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' });
    expect(await ucenter.data('hasPhone')).toBe(false);
    expect(await ucenter.$('#btn-phone')).not.toBeNull();
  });

  it('getPhoneNumber with a code binds the number, shown masked', async () => {
    const code = await phoneCode(harness.emulatorUrl, harness.openid, '13800138000');
    await (await element(ucenter, '#btn-phone')).trigger('getphonenumber', { errMsg: 'getPhoneNumber:ok', code });
    expect(await text(ucenter, '#phone')).toBe('138****8000');
    expect(await text(ucenter, '#phone-action')).toBe('更换');
  });

  it('reopening the mini-program keeps the user, profile and phone', async () => {
    miniProgram = await harness.reopen();
    const page = await home();
    expect(await text(page, '#profile-sub')).toBe('手机号 138****8000');
    await (await shows(page, '#btn-ucenter')).tap();
    ucenter = await onPage(miniProgram, 'pages/ucenter/ucenter');
    expect(await text(ucenter, '#phone')).toBe('138****8000');
    expect(await text(ucenter, '.nickname')).toBe('小明');
  });

  it('logout asks first: cancel keeps the user logged in', async () => {
    await (await element(ucenter, '#btn-logout')).tap();
    await miniProgram.native().cancelModal();
    expect((await miniProgram.currentPage())?.path).toBe('pages/ucenter/ucenter');
    expect(await ucenter.data('loggingOut')).toBe(false);
    expect(await text(ucenter, '#phone')).toBe('138****8000');
  });

  it('logout confirmed: back on home, logged out, with the agreements next to 微信登录', async () => {
    await (await element(ucenter, '#btn-logout')).tap();
    await miniProgram.native().confirmModal();
    const page = await home();
    expect(await text(page, '#state-logged-out')).toContain('你还未登录');
    expect((await text(page, '#agreement-login')).replace(/\s/g, '')).toBe('登录即表示同意《用户协议》和《隐私政策》');
  });
});

describe('注销账号', () => {
  let page: Page;
  let userId: number;
  let avatarUrl: string;
  let oldToken: string;

  async function identities(): Promise<number> {
    return (await harness.server.db.selectFrom('identities').select('id').where('openid', '=', harness.openid).execute()).length;
  }

  async function uploads(): Promise<string[]> {
    return readdir(path.join(harness.server.dataDir, 'uploads')).catch(() => []);
  }

  async function status(url: string, token?: string): Promise<number> {
    const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  }

  beforeAll(async () => {
    await (await shows(await home(), '#btn-login')).tap();
    await shows(await home(), '#profile-card');
    const stored: unknown = await miniProgram.callWxMethod('getStorageSync', 'session.v1');
    const session = stored as { token: string; user: { id: number; avatarUrl: string } };
    ({ token: oldToken, user: { id: userId, avatarUrl } } = session);
    await (await shows(await home(), '#btn-ucenter')).tap();
    const ucenter = await onPage(miniProgram, 'pages/ucenter/ucenter');
    await (await shows(ucenter, '#btn-delete-account')).tap();
    page = await onPage(miniProgram, 'pages/delete-account/delete-account');
    await shows(page, '#btn-delete');
  });

  it('the page lists the user’s own data as what will be deleted, and says it cannot be undone', async () => {
    expect(await text(page, '#item-nickname')).toBe('小明');
    expect(await text(page, '#item-phone')).toBe('138****8000');
    expect(await (await element(page, '#item-avatar')).attribute('src')).toBe(avatarUrl);
    expect(await text(page, '.intro')).toContain('无法撤销');
  });

  it('注销账号 does nothing before 我已了解 is ticked', async () => {
    await (await element(page, '#btn-delete')).tap();
    expect(await page.data('deleting')).toBe(false);
    expect((await miniProgram.currentPage())?.path).toBe('pages/delete-account/delete-account');
    expect(await identities()).toBe(1);
  });

  it('a dropped connection: the account stays and the page says so', async () => {
    await (await element(page, '#acknowledge')).tap();
    expect(await page.data('acknowledged')).toBe(true);
    await miniProgram.mockWxMethod('request', { errMsg: 'request:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_CONNECTION_REFUSED' });
    try {
      await (await element(page, '#btn-delete')).tap();
      expect(await text(page, '#notice')).toContain('你的账号和信息都还在');
    } finally {
      await miniProgram.restoreWxMethod('request');
    }
    expect(await identities()).toBe(1);
    expect(await status(`${harness.server.url}/api/user/me`, oldToken)).toBe(200);
    expect(await status(avatarUrl)).toBe(200);
  });

  it('confirmed: the account, its tokens and its avatar file are gone, and home says so', async () => {
    const filesBefore = await uploads();
    expect(filesBefore).toContain(path.basename(new URL(avatarUrl).pathname));
    await (await element(page, '#btn-delete')).tap();
    const after = await home();
    expect(await text(after, '#state-logged-out')).toContain('账号已注销');

    expect(await identities()).toBe(0);
    expect(await harness.server.db.selectFrom('users').select('id').where('id', '=', userId).execute()).toEqual([]);
    expect(await harness.server.db.selectFrom('tokens').select('id').where('user_id', '=', userId).execute()).toEqual([]);
    expect(await uploads()).not.toContain(path.basename(new URL(avatarUrl).pathname));
    expect(await status(avatarUrl)).toBe(404);
    expect(await status(`${harness.server.url}/api/user/me`, oldToken)).toBe(401);
    expect(await miniProgram.callWxMethod('getStorageSync', 'session.v1')).toBe('');
  });

  it('微信登录 afterwards makes a new, empty user', async () => {
    await (await shows(await home(), '#btn-login')).tap();
    const page = await home();
    expect(await text(page, '.nickname')).toBe('未设置昵称');
    const stored = (await miniProgram.callWxMethod('getStorageSync', 'session.v1')) as { user: { id: number; phoneNumber: string | null } };
    expect(stored.user.id).not.toBe(userId);
    expect(stored.user.phoneNumber).toBeNull();
  });
});
