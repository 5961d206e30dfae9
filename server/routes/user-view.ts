import type { UserViewRow } from '../db/schema';

/** The contract's User: never the openid, unionid or session_key. */
export interface UserView {
  id: number;
  nickName: string | null;
  avatarUrl: string | null;
  phoneNumber: string | null;
  countryCode: string | null;
  createdAt: string;
}

export function toUserView(row: UserViewRow): UserView {
  return {
    id: row.id,
    nickName: row.nick_name,
    avatarUrl: row.avatar_url,
    phoneNumber: row.phone_number,
    countryCode: row.country_code,
    createdAt: row.created_at,
  };
}
