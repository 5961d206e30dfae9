/** What the pages show of a user: decided here so every page shows the same thing. */
import type { User } from '../../typings/contract';
import { displayPhone } from './format';

export interface UserView {
  nickName: string;
  avatarUrl: string;
  hasNickname: boolean;
  hasAvatar: boolean;
  /** Nickname AND avatar: only then is the profile finished (a nickname next to the grey placeholder is not). */
  hasProfile: boolean;
  /** Either is set: there is a profile to clear. */
  hasAnyProfile: boolean;
  /** What is still missing, in words; empty when the profile is finished. */
  profileHint: string;
  hasPhone: boolean;
  /** Masked; empty without a phone number. */
  phone: string;
}

export const EMPTY_USER_VIEW: UserView = {
  nickName: '',
  avatarUrl: '',
  hasNickname: false,
  hasAvatar: false,
  hasProfile: false,
  hasAnyProfile: false,
  profileHint: '',
  hasPhone: false,
  phone: '',
};

function profileHint(hasNickname: boolean, hasAvatar: boolean): string {
  if (hasNickname && hasAvatar) return '';
  if (hasNickname) return '还没有设置头像，设置后其他人更容易认出你。';
  if (hasAvatar) return '还没有设置昵称，设置后其他人更容易认出你。';
  return '还没有头像和昵称，完善后其他人才能认出你。';
}

export function userView(user: User | null): UserView {
  if (user === null) return EMPTY_USER_VIEW;
  const nickName = user.nickName ?? '';
  const avatarUrl = user.avatarUrl ?? '';
  const phoneNumber = user.phoneNumber ?? '';
  const hasNickname = nickName.trim() !== '';
  const hasAvatar = avatarUrl !== '';
  return {
    nickName,
    avatarUrl,
    hasNickname,
    hasAvatar,
    hasProfile: hasNickname && hasAvatar,
    hasAnyProfile: hasNickname || hasAvatar,
    profileHint: profileHint(hasNickname, hasAvatar),
    hasPhone: phoneNumber !== '',
    phone: phoneNumber === '' ? '' : displayPhone(phoneNumber, user.countryCode),
  };
}
