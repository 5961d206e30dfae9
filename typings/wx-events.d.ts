/** Event and API shapes that miniprogram-api-typings lacks or gets wrong. */
declare namespace WechatMiniprogramExtra {
  /** `<button open-type="chooseAvatar" bindchooseavatar>`: a temporary local path, not an URL to keep. */
  interface ChooseAvatarDetail {
    avatarUrl: string;
  }
  type ButtonChooseAvatar = WechatMiniprogram.CustomEvent<ChooseAvatarDetail>;

  /**
   * `<button open-type="getPhoneNumber" bindgetphonenumber>`: `code` from base library 2.21.2, the legacy
   * `encryptedData` + `iv` always on success, `errno` on failures such as 1400001 (quota used up).
   */
  interface GetPhoneNumberDetail {
    errMsg: string;
    errno?: number;
    code?: string;
    encryptedData?: string;
    iv?: string;
    cloudID?: string;
  }
  type ButtonGetPhoneNumber = WechatMiniprogram.CustomEvent<GetPhoneNumberDetail>;

  /** `<button open-type="getUserInfo" bindgetuserinfo>`: no userInfo when the user declines. */
  interface GetUserInfoDetail {
    errMsg: string;
    userInfo?: WechatMiniprogram.UserInfo;
  }
  type ButtonGetUserInfo = WechatMiniprogram.CustomEvent<GetUserInfoDetail>;

  /** `<form bindsubmit>`: values keyed by each field's `name`. */
  interface FormSubmitDetail {
    value: Record<string, unknown>;
  }
  type FormSubmit = WechatMiniprogram.CustomEvent<FormSubmitDetail>;

  type PrivacyDecision = { event: 'agree'; buttonId: string } | { event: 'disagree' };
  type PrivacyResolve = (decision: PrivacyDecision) => void;
  interface NeedPrivacyAuthorizationInfo {
    /** The API or component that asked, e.g. `getPhoneNumber`. */
    referrer?: string;
  }
  type NeedPrivacyAuthorizationListener = (resolve: PrivacyResolve, eventInfo?: NeedPrivacyAuthorizationInfo) => void;
}

declare namespace WechatMiniprogram {
  interface Wx {
    /** The typings declare the listener as `(res) => void`; WeChat passes `(resolve, eventInfo)`. */
    onNeedPrivacyAuthorization(listener: WechatMiniprogramExtra.NeedPrivacyAuthorizationListener): void;
  }
}
