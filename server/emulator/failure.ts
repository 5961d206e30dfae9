/** WeChat's refusal: HTTP 200 with an errcode, the one shape every emulated route answers errors in. */
export type WechatFailure = { errcode: number; errmsg: string };

export const failure = (errcode: number, errmsg: string): WechatFailure => ({ errcode, errmsg });
