/** Nickname rules shared by every way a profile is filled in (contract: 1..32 characters, emoji allowed). */

export const NICKNAME_MAX_LENGTH = 32;

/** What getUserProfile / getUserInfo return since base library 2.27.1 instead of the real nickname. */
export const ANONYMOUS_NICKNAME = '微信用户';

export type NicknameCheck = { ok: true; nickName: string } | { ok: false; reason: 'empty' | 'too-long' };

/** Length in characters as a person counts them: an emoji is one, not two UTF-16 units. */
export function nicknameLength(nickName: string): number {
  return Array.from(nickName).length;
}

export function checkNickname(raw: unknown): NicknameCheck {
  const nickName = typeof raw === 'string' ? raw.trim() : '';
  if (nickName === '') return { ok: false, reason: 'empty' };
  if (nicknameLength(nickName) > NICKNAME_MAX_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true, nickName };
}

export function isAnonymousNickname(nickName: string | null | undefined): boolean {
  return typeof nickName === 'string' && nickName.trim() === ANONYMOUS_NICKNAME;
}
