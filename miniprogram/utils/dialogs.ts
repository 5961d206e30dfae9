/** WeChat's callback APIs the pages await, wrapped so a failure is an answer rather than a throw. */

export type ModalWx = Pick<WechatMiniprogram.Wx, 'showModal'>;

export interface ConfirmOptions {
  title: string;
  content: string;
  confirmText?: string;
  confirmColor?: string;
}

/** True only when the user tapped the confirm button; a failed modal counts as cancel. */
export function confirm(source: ModalWx, options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    source.showModal({
      ...options,
      success: (result) => resolve(result.confirm === true),
      fail: () => resolve(false),
    });
  });
}

export type ProfileWx = Pick<WechatMiniprogram.Wx, 'getUserProfile'>;

export type ProfileResult = { ok: true; userInfo: WechatMiniprogram.UserInfo } | { ok: false; errMsg: string };

/** wx.getUserProfile; must be called straight from a tap handler or WeChat refuses it. */
export function requestUserProfile(source: ProfileWx, desc: string): Promise<ProfileResult> {
  return new Promise((resolve) => {
    source.getUserProfile({
      desc,
      success: (result) => resolve({ ok: true, userInfo: result.userInfo }),
      fail: (result) => resolve({ ok: false, errMsg: result.errMsg || 'getUserProfile:fail' }),
    });
  });
}

/** A deny or a closed popup, as opposed to something actually going wrong. */
export function isUserRefusal(errMsg: string): boolean {
  return /deny|cancel/i.test(errMsg);
}
