import { RequestError } from 'miniprogram-login';
import { homeView } from '../../../miniprogram/utils/home-view';
import { userView } from '../../../miniprogram/utils/user-view';
import type { User } from '../../../typings/contract';

const user: User = {
  id: 1,
  nickName: '小明',
  avatarUrl: 'https://example.com/a.png',
  phoneNumber: '13800138000',
  countryCode: '86',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('userView', () => {
  test('a complete user', () => {
    expect(userView(user)).toEqual({
      nickName: '小明',
      avatarUrl: 'https://example.com/a.png',
      hasNickname: true,
      hasAvatar: true,
      hasProfile: true,
      hasAnyProfile: true,
      profileHint: '',
      hasPhone: true,
      phone: '138****8000',
    });
  });

  test('a new user has no profile and no phone', () => {
    expect(userView({ ...user, nickName: null, avatarUrl: null, phoneNumber: null, countryCode: null })).toEqual({
      nickName: '',
      avatarUrl: '',
      hasNickname: false,
      hasAvatar: false,
      hasProfile: false,
      hasAnyProfile: false,
      profileHint: '还没有头像和昵称，完善后其他人才能认出你。',
      hasPhone: false,
      phone: '',
    });
  });

  test('a nickname alone, or an avatar alone, is not a finished profile, and the hint names what is missing', () => {
    expect(userView({ ...user, avatarUrl: null })).toMatchObject({ hasProfile: false, hasAnyProfile: true, profileHint: expect.stringContaining('头像') });
    expect(userView({ ...user, nickName: '  ' })).toMatchObject({ hasProfile: false, hasNickname: false, profileHint: expect.stringContaining('昵称') });
  });

  test('no user', () => {
    expect(userView(null).hasProfile).toBe(false);
  });
});

describe('homeView', () => {
  test('logging in', () => {
    expect(homeView({ status: 'logging-in', user, error: null }).status).toBe('logging-in');
  });

  test('logged in shows the user, even after a failed background refresh', () => {
    const view = homeView({ status: 'logged-in', user, error: new RequestError('network', 'offline') });
    expect(view.status).toBe('logged-in');
    expect(view.nickName).toBe('小明');
  });

  test('a failed login is an error with readable text', () => {
    const view = homeView({ status: 'logged-out', user: null, error: new RequestError('login', 'login:fail') });
    expect(view.status).toBe('error');
    expect(view.errorTitle).toBe('登录失败');
    expect(view.errorText).toBe('微信登录失败，请稍后重试');
    expect(view.errorHint).toBe('');
  });

  test('a retry that failed again adds a hint that differs from the first answer', () => {
    const down = { status: 'logged-out' as const, user: null, error: new RequestError('network', 'request:fail') };
    expect(homeView(down, 0).errorHint).toBe('');
    expect(homeView(down, 2).errorHint).toContain('已重试 2 次仍未连上');
    expect(homeView({ ...down, error: new RequestError('login', 'x') }, 1).errorHint).toBe('已重试 1 次仍未成功，请稍后再试。');
  });

  test('logged out on purpose', () => {
    expect(homeView({ status: 'logged-out', user: null, error: null })).toMatchObject({ status: 'logged-out', errorText: '' });
  });
});
