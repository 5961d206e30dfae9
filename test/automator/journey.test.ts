/**
 * The login journey on the current base library, written only against the public miniprogram-automator
 * API, so the same test drives WeChat DevTools (WECHAT_DEVTOOLS_CLI) or the headless endpoint. The user's
 * side is played as against DevTools: mockWxMethod for getUserProfile, trigger() with WeChat's own event
 * details for chooseAvatar and getPhoneNumber, native() for the modal.
 */
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
  expect(await text(page, '#login-badge')).toBe('已登录');
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

  afterAll(async () => {
    await miniProgram.restoreWxMethod('getUserProfile');
  });

  it('getUserProfile denied: the page says so and saves nothing', async () => {
    await miniProgram.mockWxMethod('getUserProfile', { errMsg: 'getUserProfile:fail auth deny' });
    await (await element(auth, '#btn-profile')).tap();
    expect(await text(auth, '#notice')).toContain('你没有授权使用微信头像和昵称');
  });

  it('getUserProfile on a current base library only gives the anonymous profile: the user is sent to the form', async () => {
    await miniProgram.mockWxMethod('getUserProfile', {
      errMsg: 'getUserProfile:ok',
      userInfo: { nickName: '微信用户', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/default/132', gender: 0, country: '', province: '', city: '', language: 'zh_CN' },
    });
    await (await element(auth, '#btn-profile')).tap();
    expect(await text(auth, '#notice')).toContain('请在上方选择头像并填写昵称');
    expect((await miniProgram.currentPage())?.path).toBe('pages/auth/auth');
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
    expect(await ucenter.$('#btn-phone')).toBeNull();
  });

  it('reopening the mini-program keeps the user, profile and phone', async () => {
    miniProgram = await harness.reopen();
    const page = await home();
    expect(await text(page, '#login-badge')).toBe('已登录');
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

  it('logout confirmed: back on home, logged out', async () => {
    await (await element(ucenter, '#btn-logout')).tap();
    await miniProgram.native().confirmModal();
    const page = await home();
    expect(await text(page, '#state-logged-out')).toContain('你还未登录');
  });
});
