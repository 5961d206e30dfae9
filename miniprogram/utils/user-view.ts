/** What the pages show of a user: decided here so every page shows the same thing. */
import type { User } from '../../typings/contract';
import { displayPhone } from './format';

export interface UserView {
  nickName: string;
  avatarUrl: string;
  /** A nickname is set: the profile counts as filled in. */
  hasProfile: boolean;
  hasPhone: boolean;
  /** Masked; empty without a phone number. */
  phone: string;
}

export const EMPTY_USER_VIEW: UserView = { nickName: '', avatarUrl: '', hasProfile: false, hasPhone: false, phone: '' };

export function userView(user: User | null): UserView {
  if (user === null) return EMPTY_USER_VIEW;
  const nickName = user.nickName ?? '';
  const phoneNumber = user.phoneNumber ?? '';
  return {
    nickName,
    avatarUrl: user.avatarUrl ?? '',
    hasProfile: nickName.trim() !== '',
    hasPhone: phoneNumber !== '',
    phone: phoneNumber === '' ? '' : displayPhone(phoneNumber, user.countryCode),
  };
}
