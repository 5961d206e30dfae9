import type { Accounts } from './accounts';
import type { UserStore } from './db/users';
import type { PushMessage } from './wechat/push';

/** RevokeInfo values (用户信息变更推送) this server holds data for. */
const REVOKES_PROFILE = new Set([6, 19, 20]); // nickname and avatar, nickname, avatar
const REVOKES_PHONE = 8;

/** What a push did, for the log line (never the openid). */
export type PushOutcome = 'profile-cleared' | 'phone-cleared' | 'profile-and-phone-cleared' | 'account-deleted' | 'ignored';

export interface PushEvents {
  handle(appid: string, message: PushMessage): Promise<PushOutcome>;
}

/** RevokeInfo as WeChat sends it: a number, or a string of one or more comma-separated numbers. */
export function revokedItems(value: unknown): Set<number> {
  if (typeof value === 'number') return new Set([value]);
  if (typeof value !== 'string') return new Set();
  return new Set(value.split(',').map((part) => Number(part.trim())).filter(Number.isInteger));
}

/**
 * WeChat's "authorized user information changes" pushes, applied to the user of (appid, OpenID). Each outcome is
 * a state, not a step (cleared, deleted), so a retried or repeated push changes nothing more.
 */
export function createPushEvents(deps: { users: UserStore; accounts: Accounts }): PushEvents {
  async function clear(userId: number, profile: boolean, phone: boolean): Promise<PushOutcome> {
    if (profile) await deps.accounts.updateProfile(userId, { nickName: null, avatarUrl: null });
    if (phone) await deps.accounts.clearPhone(userId);
    if (profile && phone) return 'profile-and-phone-cleared';
    if (profile) return 'profile-cleared';
    return phone ? 'phone-cleared' : 'ignored';
  }

  return {
    async handle(appid, message) {
      if (message.MsgType !== 'event') return 'ignored';
      const openid = typeof message.OpenID === 'string' ? message.OpenID : message.FromUserName;
      if (typeof openid !== 'string') return 'ignored';
      const userId = await deps.users.findByOpenid(appid, openid);
      if (userId === undefined) return 'ignored';
      switch (message.Event) {
        case 'user_authorization_revoke': {
          const revoked = revokedItems(message.RevokeInfo);
          return clear(userId, [...revoked].some((item) => REVOKES_PROFILE.has(item)), revoked.has(REVOKES_PHONE));
        }
        case 'user_info_modified':
          return clear(userId, true, false);
        case 'user_authorization_cancellation':
          await deps.accounts.deleteAccount(userId);
          return 'account-deleted';
        default:
          return 'ignored';
      }
    },
  };
}
