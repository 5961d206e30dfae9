/** Auth page: every base library branch of filling in the profile, and every way it can go wrong. */
import { ANONYMOUS_NICKNAME } from '../support/fake-wx';
import { flushMicrotasks } from '../support/wait';
import { openPage, type OpenOptions, type PageHarness } from './support/harness';
import { holdRequests, OPENID, pageSession, seededLogin } from './support/seed';

const REAL_AVATAR = 'https://thirdwx.qlogo.cn/fake/real-avatar.png';

afterEach(() => {
  document.body.innerHTML = '';
});

async function openReady(profile: Parameters<typeof seededLogin>[0] = {}, options: OpenOptions = {}) {
  const seeded = seededLogin(profile);
  const page = openPage('auth', { server: seeded.server, storage: seeded.storage, ...options });
  await page.untilExists('.intro');
  return { page, seeded };
}

function patches(page: PageHarness): unknown[] {
  return page.fake.network.requestsTo('/api/user/me').filter((request) => request.method === 'PATCH').map((request) => request.data);
}

function savedUser(page: PageHarness) {
  return page.fake.server.userByOpenid(OPENID);
}

async function untilSavedAndBack(page: PageHarness): Promise<void> {
  await page.until(() => page.fake.calls.navigation.length === 1, 'navigateBack');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateBack', delta: 1 });
  expect(page.fake.calls.toast.map((toast) => toast.title)).toContain('已保存');
}

function submitNickname(page: PageHarness, nickName: string): void {
  page.dispatch('#form-profile', 'submit', { value: { nickName }, target: {} });
}

/** What WeChat does with a nickname its content check rejects: typed, then emptied on blur, review failed. */
function typeRejectedNickname(page: PageHarness, typed: string): void {
  page.dispatch('#input-nickname', 'input', { value: typed, cursor: typed.length, keyCode: 0 });
  page.dispatch('#input-nickname', 'blur', { value: '', cursor: 0 });
  page.dispatch('#input-nickname', 'nicknamereview', { pass: false, timeout: false });
}

async function chooseAvatar(page: PageHarness, path = 'http://tmp/a.png'): Promise<void> {
  page.dispatch('#btn-avatar', 'chooseavatar', { avatarUrl: path });
  await page.until(() => page.data().uploading === false && (page.data().avatarNote as string) !== '', 'the upload to finish');
}

describe('base library branches', () => {
  test('2.10.0: only the getUserInfo button; its userInfo is saved', async () => {
    const { page } = await openReady({}, { sdkVersion: '2.10.0' });
    expect(page.attrs('#btn-profile')).toMatchObject({ openType: 'getUserInfo' });
    expect(page.events('#btn-profile')).toEqual(['getuserinfo']);
    expect(page.exists('#btn-avatar')).toBe(false);
    expect(page.exists('#input-nickname')).toBe(false);

    page.dispatch('#btn-profile', 'getuserinfo', {
      errMsg: 'getUserInfo:ok',
      userInfo: { nickName: '老用户', avatarUrl: REAL_AVATAR, gender: 1, language: 'zh_CN', city: '', province: '', country: '' },
      rawData: '{}',
      signature: 's',
      encryptedData: 'e',
      iv: 'i',
    });
    await untilSavedAndBack(page);
    expect(patches(page)).toEqual([{ nickName: '老用户', avatarUrl: REAL_AVATAR }]);
    expect(savedUser(page)).toMatchObject({ nickName: '老用户', avatarUrl: REAL_AVATAR });
    expect(pageSession().getUser()?.nickName).toBe('老用户');
  });

  test('2.10.0: getUserInfo declined keeps everything as it was', async () => {
    const { page } = await openReady({}, { sdkVersion: '2.10.0' });
    page.dispatch('#btn-profile', 'getuserinfo', { errMsg: 'getUserInfo:fail auth deny' });
    await page.untilText('没有授权', '#notice');
    await flushMicrotasks();
    expect(patches(page)).toEqual([]);
    expect(page.fake.calls.navigation).toEqual([]);
  });

  test('2.10.0: the anonymous getUserInfo result is not saved', async () => {
    const { page } = await openReady({ nickName: '小明' }, { sdkVersion: '2.10.0' });
    page.dispatch('#btn-profile', 'getuserinfo', {
      errMsg: 'getUserInfo:ok',
      userInfo: { nickName: ANONYMOUS_NICKNAME, avatarUrl: REAL_AVATAR },
    });
    await page.untilText('资料未修改', '#notice');
    expect(patches(page)).toEqual([]);
    expect(savedUser(page)?.nickName).toBe('小明');
  });

  test('2.20.0: a tap calls wx.getUserProfile and saves the real profile', async () => {
    const { page } = await openReady({}, { sdkVersion: '2.20.0' });
    expect(page.events('#btn-profile')).toEqual(['tap']);
    expect(page.attrs('#btn-profile').openType).toBeUndefined();
    expect(page.exists('#btn-avatar')).toBe(false);

    page.tap('#btn-profile');
    await untilSavedAndBack(page);
    expect(page.fake.calls.userProfile).toHaveLength(1);
    expect(Array.from(page.fake.calls.userProfile[0]).length).toBeLessThanOrEqual(30);
    expect(patches(page)).toEqual([{ nickName: '测试用户', avatarUrl: REAL_AVATAR }]);
  });

  test('2.20.0: wx.getUserProfile runs inside the tap itself, not after an await', async () => {
    let calledDuringTap = 0;
    const { page } = await openReady(
      {},
      {
        sdkVersion: '2.20.0',
        before: (fake) => {
          const original = fake.wx.getUserProfile.bind(fake.wx);
          Object.assign(fake.wx, {
            getUserProfile: (option: WechatMiniprogram.GetUserProfileOption) => {
              calledDuringTap += 1;
              return original(option);
            },
          });
        },
      },
    );
    expect(page.events('#btn-profile')).toEqual(['tap']);
    page.invoke('onProfileTap', { type: 'tap', detail: {} });
    expect(calledDuringTap).toBe(1);
    await untilSavedAndBack(page);
  });

  test('2.20.0: getUserProfile denied: a message, nothing saved, still usable', async () => {
    const { page } = await openReady({}, { sdkVersion: '2.20.0' });
    page.fake.userProfile.denyNext();
    page.tap('#btn-profile');
    await page.untilText('没有授权', '#notice');
    expect(patches(page)).toEqual([]);

    page.tap('#btn-profile');
    await untilSavedAndBack(page);
    expect(savedUser(page)?.nickName).toBe('测试用户');
  });

  test('2.21.2: avatar + nickname form and getUserProfile (still real data)', async () => {
    const { page } = await openReady({}, { sdkVersion: '2.21.2' });
    expect(page.attrs('#btn-avatar')).toMatchObject({ openType: 'chooseAvatar' });
    expect(page.attrs('#input-nickname')).toMatchObject({ type: 'nickname', name: 'nickName' });
    expect(page.attrs('#btn-save')).toMatchObject({ formType: 'submit' });
    page.tap('#btn-profile');
    await untilSavedAndBack(page);
    expect(patches(page)).toEqual([{ nickName: '测试用户', avatarUrl: REAL_AVATAR }]);
  });

  test.each(['2.27.1', '3.7.0'])('%s: 使用微信头像和昵称 is not offered (it would only give the anonymous profile)', async (sdkVersion) => {
    const { page } = await openReady({ nickName: '小明', avatarUrl: 'https://example.com/me.png' }, { sdkVersion });
    expect(page.exists('#btn-profile')).toBe(false);
    expect(page.text()).not.toContain('使用微信头像和昵称');
    expect(page.exists('#form-profile')).toBe(true);
  });

  test('2.21.2: the anonymous answer (getUserInfo era devices) never overwrites a real profile', async () => {
    const { page } = await openReady({ nickName: '小明', avatarUrl: 'https://example.com/me.png' }, { sdkVersion: '2.21.2' });
    page.fake.userProfile.respondNext({ nickName: ANONYMOUS_NICKNAME, avatarUrl: REAL_AVATAR });
    page.tap('#btn-profile');
    await page.untilText('请在上方选择头像并填写昵称', '#notice');
    await flushMicrotasks();
    expect(patches(page)).toEqual([]);
    expect(savedUser(page)).toMatchObject({ nickName: '小明', avatarUrl: 'https://example.com/me.png' });
    expect(page.fake.calls.navigation).toEqual([]);
  });

  test('3.x without chooseAvatar (canIUse says no): says what to do instead of a useless button', async () => {
    const { page } = await openReady({}, { canIUse: { 'button.open-type.chooseAvatar': false } });
    expect(page.exists('#btn-profile')).toBe(false);
    expect(page.text('#no-profile-api')).toContain('请升级微信');
  });

  test('3.x: the form is prefilled with the saved profile', async () => {
    const { page } = await openReady({ nickName: '小明', avatarUrl: 'https://example.com/me.png' });
    expect(page.attrs('#input-nickname')).toMatchObject({ value: '小明' });
    expect(page.attrs('#avatar-preview')).toMatchObject({ src: 'https://example.com/me.png' });
  });
});

describe('choose avatar + nickname (3.x)', () => {
  test('the avatar is uploaded at once and saved together with the nickname', async () => {
    const { page } = await openReady();
    page.dispatch('#btn-avatar', 'chooseavatar', { avatarUrl: 'http://tmp/wx-avatar-123.png' });
    await page.untilText('头像已上传', '#avatar-note');
    const uploads = page.fake.network.requestsTo('/api/user/avatar');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ api: 'uploadFile', filePath: 'http://tmp/wx-avatar-123.png', fileField: 'file' });
    expect(patches(page)).toEqual([]);
    const uploadedUrl = String(page.attrs('#avatar-preview').src);
    expect(uploadedUrl).toMatch(/^https:\/\/fake\.invalid\/avatars\//);

    submitNickname(page, '  新昵称 ');
    await untilSavedAndBack(page);
    expect(patches(page)).toEqual([{ nickName: '新昵称', avatarUrl: uploadedUrl }]);
    expect(savedUser(page)).toMatchObject({ nickName: '新昵称', avatarUrl: uploadedUrl });
  });

  test('the nickname input has maxlength 32', async () => {
    const { page } = await openReady();
    expect(Number(page.attrs('#input-nickname').maxlength)).toBe(32);
  });

  test('the 头像已上传 reminder survives a nickname problem and a failed save', async () => {
    const { page } = await openReady();
    await chooseAvatar(page);
    submitNickname(page, '');
    await page.untilText('请填写昵称', '#nickname-error');
    expect(page.text('#avatar-note')).toContain('头像已上传');

    page.fake.server.setDown(true);
    submitNickname(page, '小明');
    await page.untilText('保存失败', '#notice');
    expect(page.text('#avatar-note')).toContain('头像已上传');
    expect(page.exists('#nickname-error')).toBe(false);
  });

  test('upload fails (server unreachable): the picked image stays, 重新上传 uploads it again, then it saves', async () => {
    const { page } = await openReady();
    page.fake.server.setDown(true);
    await chooseAvatar(page, 'http://tmp/picked.png');
    expect(page.text('#avatar-note')).toContain('头像上传失败');
    expect(page.text('#avatar-note')).toContain('连不上服务器');
    expect(page.attrs('#avatar-preview')).toMatchObject({ src: 'http://tmp/picked.png' });
    expect(page.exists('#btn-avatar-retry')).toBe(true);

    submitNickname(page, '小明');
    await page.untilText('还没有上传成功', '#avatar-note');
    expect(patches(page)).toEqual([]);

    page.fake.server.setDown(false);
    page.tap('#btn-avatar-retry');
    await page.untilText('头像已上传', '#avatar-note');
    const uploads = page.fake.network.requestsTo('/api/user/avatar');
    expect(uploads.map((upload) => upload.filePath)).toEqual(['http://tmp/picked.png', 'http://tmp/picked.png']);
    submitNickname(page, '小明');
    await untilSavedAndBack(page);
    expect(savedUser(page)?.avatarUrl).toMatch(/^https:\/\/fake\.invalid\/avatars\//);
  });

  test('upload refused (not an image): no retry offered; 不用这张 lets the nickname be saved alone', async () => {
    const { page } = await openReady();
    await chooseAvatar(page, 'http://tmp/not-an-image.bmp');
    expect(page.text('#avatar-note')).toContain('不支持该文件格式');
    expect(page.text('#avatar-note')).toContain('请换一张图片');
    expect(page.exists('#btn-avatar-retry')).toBe(false);
    expect(page.attrs('#avatar-preview')).toMatchObject({ src: 'http://tmp/not-an-image.bmp' });

    page.tap('#btn-avatar-discard');
    await page.until(() => !page.exists('#avatar-preview'), 'the saved (empty) avatar back');
    submitNickname(page, '小明');
    await untilSavedAndBack(page);
    expect(patches(page)).toEqual([{ nickName: '小明' }]);
  });

  test('empty nickname: 请填写昵称 at the field, nothing saved', async () => {
    const { page } = await openReady();
    submitNickname(page, '   ');
    await page.untilText('请填写昵称', '#nickname-error');
    expect(page.text('#nickname-error')).not.toContain('内容安全');
    expect(page.exists('#notice')).toBe(false);
    await flushMicrotasks();
    expect(patches(page)).toEqual([]);
  });

  test('a nickname cleared by WeChat’s content check: its own message at the field, nothing saved', async () => {
    const { page } = await openReady();
    await chooseAvatar(page);
    typeRejectedNickname(page, '坏昵称');
    submitNickname(page, '');
    await page.untilText('未通过微信内容安全检查', '#nickname-error');
    await flushMicrotasks();
    expect(patches(page)).toEqual([]);
    expect(savedUser(page)?.avatarUrl).toBeNull();
    expect(page.fake.calls.navigation).toEqual([]);

    page.dispatch('#input-nickname', 'input', { value: '小', cursor: 1, keyCode: 0 });
    await page.until(() => !page.exists('#nickname-error'), 'the message to go once the user types');
  });

  test('a nickname over 32 characters: a message at the field; exactly 32 (emoji count once) saves', async () => {
    const { page } = await openReady();
    submitNickname(page, '😀'.repeat(33));
    await page.untilText('最多 32 个字', '#nickname-error');
    await flushMicrotasks();
    expect(patches(page)).toEqual([]);

    submitNickname(page, '😀'.repeat(32));
    await untilSavedAndBack(page);
    expect(savedUser(page)?.nickName).toBe('😀'.repeat(32));
  });

  test('the save fails: a message, still on the page, a second try works and keeps the avatar', async () => {
    const { page } = await openReady();
    await chooseAvatar(page);
    page.fake.server.setDown(true);
    submitNickname(page, '小明');
    await page.untilText('保存失败', '#notice');
    expect(page.text('#notice')).toContain('连不上服务器');
    expect(page.data().saving).toBe(false);
    expect(page.fake.calls.navigation).toEqual([]);

    page.fake.server.setDown(false);
    submitNickname(page, '小明');
    await untilSavedAndBack(page);
    expect(savedUser(page)?.avatarUrl).toMatch(/^https:\/\/fake\.invalid\/avatars\//);
  });

  test('a chooseavatar without a path (failed content check fires none; guard anyway) does nothing', async () => {
    const { page } = await openReady();
    page.dispatch('#btn-avatar', 'chooseavatar', { avatarUrl: '' });
    await flushMicrotasks();
    expect(page.fake.network.requestsTo('/api/user/avatar')).toHaveLength(0);
  });

  test('saving, like logging in, shows the agreement links', async () => {
    const { page } = await openReady();
    expect(page.text('#agreement-save')).toBe('保存即表示同意《用户协议》和《隐私政策》');
    page.tap('#agreement-save >>> #link-privacy');
    await page.until(() => page.fake.calls.navigation.length === 1, 'navigation');
    expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateTo', url: '/pages/agreement/agreement?doc=privacy' });
  });
});

test('opened as the first page (nothing to go back to): saving leads home', async () => {
  const { page } = await openReady(
    {},
    {
      before: (fake) => {
        Object.assign(fake.wx, {
          navigateBack: (option: WechatMiniprogram.NavigateBackOption) => {
            option.fail?.({ errMsg: 'navigateBack:fail cannot navigate back at first page.' });
          },
        });
      },
    },
  );
  submitNickname(page, '小明');
  await page.until(() => page.fake.calls.navigation.length === 1, 'reLaunch');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'reLaunch', url: '/pages/index/index' });
  expect(savedUser(page)?.nickName).toBe('小明');
});

test('a save that finishes after the user left the page saves, but does not navigate back from the page now in front', async () => {
  let release: () => void = () => undefined;
  const { page } = await openReady({}, { before: (fake) => (release = holdRequests(fake.server, '/api/user/me')) });
  submitNickname(page, '小明');
  await page.until(() => patches(page).length === 1, 'the PATCH to be sent');
  page.lifecycle('onUnload');
  page.detach();

  release();
  await page.until(() => savedUser(page)?.nickName === '小明', 'saved on the server');
  await page.until(() => page.fake.calls.toast.length === 1, 'the saved toast');
  await flushMicrotasks();
  expect(page.fake.calls.navigation).toEqual([]);
});

describe('loading', () => {
  test('login fails: error with retry', async () => {
    const page = openPage('auth', { before: (fake) => fake.login.failNext(1) });
    await page.untilExists('#state-error');
    expect(page.text('#state-error')).toContain('微信登录失败');
    page.tap('#btn-retry');
    await page.untilExists('#form-profile');
  });
});

test('privacy disagree leaves the form usable', async () => {
  let listener: WechatMiniprogramExtra.NeedPrivacyAuthorizationListener | null = null;
  const { page } = await openReady(
    {},
    {
      before: (fake) => {
        Object.assign(fake.wx, {
          onNeedPrivacyAuthorization: (registered: WechatMiniprogramExtra.NeedPrivacyAuthorizationListener) => {
            listener = registered;
          },
        });
      },
    },
  );
  const decisions: WechatMiniprogramExtra.PrivacyDecision[] = [];
  expect(listener).not.toBeNull();
  listener!((decision) => decisions.push(decision), { referrer: 'chooseAvatar' });
  await page.untilExists('#privacy-popup >>> #btn-privacy-disagree');
  page.tap('#privacy-popup >>> #btn-privacy-disagree');
  await page.untilText('未同意隐私保护指引', '#notice');
  expect(decisions).toEqual([{ event: 'disagree' }]);

  submitNickname(page, '小明');
  await untilSavedAndBack(page);
});
