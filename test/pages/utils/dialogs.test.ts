import { confirm, isUserRefusal, requestUserProfile } from '../../../miniprogram/utils/dialogs';
import { createFakeWx } from '../../support/fake-wx';

describe('confirm', () => {
  test('true on confirm, false on cancel', async () => {
    const fake = createFakeWx();
    fake.modal.answerNext(true);
    fake.modal.answerNext(false);
    await expect(confirm(fake.wx, { title: 't', content: 'c' })).resolves.toBe(true);
    await expect(confirm(fake.wx, { title: 't', content: 'c' })).resolves.toBe(false);
    expect(fake.calls.modal.map((modal) => modal.title)).toEqual(['t', 't']);
  });

  test('a modal that fails counts as cancel', async () => {
    const failing = {
      showModal: (option: WechatMiniprogram.ShowModalOption) => {
        option.fail?.({ errMsg: 'showModal:fail' });
      },
    };
    await expect(confirm(failing as never, { title: 't', content: 'c' })).resolves.toBe(false);
  });
});

describe('requestUserProfile', () => {
  test('the profile on success', async () => {
    const fake = createFakeWx({ sdkVersion: '2.20.0' });
    const result = await requestUserProfile(fake.wx, '用于展示头像昵称');
    expect(result).toMatchObject({ ok: true, userInfo: { nickName: '测试用户' } });
    expect(fake.calls.userProfile).toEqual(['用于展示头像昵称']);
  });

  test('the errMsg on deny', async () => {
    const fake = createFakeWx({ sdkVersion: '2.20.0' });
    fake.userProfile.denyNext();
    await expect(requestUserProfile(fake.wx, 'desc')).resolves.toEqual({ ok: false, errMsg: 'getUserProfile:fail auth deny' });
  });
});

test('isUserRefusal', () => {
  expect(isUserRefusal('getUserProfile:fail auth deny')).toBe(true);
  expect(isUserRefusal('getUserInfo:fail auth cancel')).toBe(true);
  expect(isUserRefusal('getUserProfile:fail desc length does not meet the requirements')).toBe(false);
});
