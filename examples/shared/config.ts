import { createWechatApps, createWechatClient, type WechatApps } from '../../server/sdk';

/**
 * The one mini-program of an example, from WECHAT_APPID and WECHAT_SECRET; WECHAT_API_BASE points it at the
 * emulator instead of api.weixin.qq.com.
 */
export function wechatAppsFromEnv(env: NodeJS.ProcessEnv): WechatApps {
  const { WECHAT_APPID: appid, WECHAT_SECRET: secret } = env;
  if (!appid || !secret) throw new Error('set WECHAT_APPID and WECHAT_SECRET (and WECHAT_API_BASE for the emulator)');
  const base = env.WECHAT_API_BASE || 'https://api.weixin.qq.com';
  const client = createWechatClient({ appid, secret, baseUrl: () => base, timeoutMs: 5000, fetch: globalThis.fetch, now: Date.now });
  return createWechatApps([client], { unknownToFallback: false });
}

export const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;
