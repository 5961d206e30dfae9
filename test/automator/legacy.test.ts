/**
 * The same client on an older base library (2.20.0: before chooseAvatar, the phone `code` and the
 * anonymous profile), driven only through the public miniprogram-automator API: getUserProfile still
 * gives the real profile, and getPhoneNumber gives the legacy encryptedData/iv.
 */
import { element, onPage, shows, type MiniProgram, type Page } from './support/client';
import { encryptedPhone } from './support/emulator';
import { openMiniProgram, type Harness } from './support/harness';

jest.setTimeout(60_000);

const GRACE = {
  nickName: 'Grace',
  avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/grace/132',
  gender: 0,
  country: '',
  province: '',
  city: '',
  language: 'zh_CN',
};

let harness: Harness;
let miniProgram: MiniProgram;

beforeAll(async () => {
  harness = await openMiniProgram({ sdkVersion: '2.20.0' });
  miniProgram = harness.miniProgram;
});

afterAll(async () => {
  await harness?.close();
});

function home(): Promise<Page> {
  return onPage(miniProgram, 'pages/index/index');
}

it('getPhoneNumber gives legacy encryptedData/iv, which the server decrypts', async () => {
  await (await shows(await home(), '#btn-ucenter')).tap();
  const ucenter = await onPage(miniProgram, 'pages/ucenter/ucenter');
  const button = await shows(ucenter, '#btn-phone');
  const sealed = await encryptedPhone(harness.emulatorUrl, harness.openid, '13900139000');
  await button.trigger('getphonenumber', { errMsg: 'getPhoneNumber:ok', ...sealed });
  expect(await (await shows(ucenter, '#phone')).text()).toBe('139****9000');
});

it('getUserProfile gives the real profile, which is saved', async () => {
  await (await shows(await onPage(miniProgram, 'pages/ucenter/ucenter'), '#btn-edit-profile')).tap();
  const auth = await onPage(miniProgram, 'pages/auth/auth');
  await shows(auth, '#btn-profile');
  expect(await auth.$('#form-profile')).toBeNull();

  await miniProgram.mockWxMethod('getUserProfile', { errMsg: 'getUserProfile:ok', userInfo: GRACE });
  await (await element(auth, '#btn-profile')).tap();
  await miniProgram.restoreWxMethod('getUserProfile');

  const ucenter = await onPage(miniProgram, 'pages/ucenter/ucenter');
  expect(await (await shows(ucenter, '.nickname')).text()).toBe('Grace');
  expect(await ucenter.data('avatarUrl')).toBe(GRACE.avatarUrl);
});
