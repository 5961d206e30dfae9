import { randomBytes } from 'node:crypto';

/** WeChat's refusal: HTTP 200 with an errcode, the one shape every emulated route answers errors in. */
export type WechatFailure = { errcode: number; errmsg: string };

export const failure = (errcode: number, errmsg: string): WechatFailure => ({ errcode, errmsg });

/** Random base64url text for the codes, openids and access_tokens the emulator hands out. */
export const token = (bytes: number): string => randomBytes(bytes).toString('base64url');
