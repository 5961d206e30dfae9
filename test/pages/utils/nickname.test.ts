import { checkNickname, isAnonymousNickname, nicknameLength, NICKNAME_MAX_LENGTH } from '../../../miniprogram/utils/nickname';

describe('checkNickname', () => {
  test('trims and accepts 1..32 characters', () => {
    expect(checkNickname('  小明 ')).toEqual({ ok: true, nickName: '小明' });
    expect(checkNickname('a'.repeat(NICKNAME_MAX_LENGTH))).toEqual({ ok: true, nickName: 'a'.repeat(32) });
  });

  test('empty, blank or missing (WeChat cleared a rejected nickname)', () => {
    expect(checkNickname('')).toEqual({ ok: false, reason: 'empty' });
    expect(checkNickname('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(checkNickname(undefined)).toEqual({ ok: false, reason: 'empty' });
    expect(checkNickname(42)).toEqual({ ok: false, reason: 'empty' });
  });

  test('over 32 characters', () => {
    expect(checkNickname('长'.repeat(33))).toEqual({ ok: false, reason: 'too-long' });
  });

  test('an emoji counts as one character', () => {
    const emoji = '😀'.repeat(32);
    expect(emoji.length).toBe(64);
    expect(nicknameLength(emoji)).toBe(32);
    expect(checkNickname(emoji).ok).toBe(true);
    expect(checkNickname(`${emoji}😀`)).toEqual({ ok: false, reason: 'too-long' });
  });
});

test('isAnonymousNickname', () => {
  expect(isAnonymousNickname('微信用户')).toBe(true);
  expect(isAnonymousNickname(' 微信用户 ')).toBe(true);
  expect(isAnonymousNickname('微信用户2')).toBe(false);
  expect(isAnonymousNickname(null)).toBe(false);
});
