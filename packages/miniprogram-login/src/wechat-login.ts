/**
 * wx.login and wx.checkSession as promises. Callbacks, not the Promise form: base libraries before 2.10.2
 * return nothing when no callback is given.
 */
import { errMsgOf, RequestError } from './errors';

/** The wx APIs the session calls. */
export type SessionWx = Pick<WechatMiniprogram.Wx, 'login' | 'checkSession'>;

/** A fresh login code, or a `login` RequestError with WeChat's errMsg. */
export function wechatCode(wx: SessionWx): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: ({ code }) => (code ? resolve(code) : reject(new RequestError('login', 'wx.login returned no code'))),
      fail: (error) => reject(new RequestError('login', errMsgOf(error) ?? 'wx.login failed')),
    });
  });
}

/** Whether WeChat still holds the session_key of the last login; never rejects. */
export function sessionKeyValid(wx: SessionWx): Promise<boolean> {
  return new Promise((resolve) => {
    wx.checkSession({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
