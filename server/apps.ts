import { invalidInput } from './errors';
import type { WechatClient } from './wechat/client';

/** The mini-programs this server serves, one WeChat client (and so one access_token cache) per AppID. */
export interface WechatApps {
  /** The app of a login without an AppID: the single one, or the first configured. */
  readonly fallback: WechatClient;
  get(appid: string): WechatClient | undefined;
  /** The app a login names; an unknown one is 400 INVALID_INPUT, or the fallback when `unknownToFallback`. */
  forLogin(appid: string | undefined): WechatClient;
}

export function createWechatApps(clients: WechatClient[], options: { unknownToFallback: boolean }): WechatApps {
  const [fallback] = clients;
  if (fallback === undefined) throw new Error('at least one WeChat app is needed');
  const byAppid = new Map(clients.map((client) => [client.appid, client]));
  return {
    fallback,
    get: (appid) => byAppid.get(appid),
    forLogin(appid) {
      if (appid === undefined) return fallback;
      const client = byAppid.get(appid);
      if (client !== undefined) return client;
      // Development against the emulator: WeChat DevTools' tourist or the developer's own AppID still logs in.
      if (options.unknownToFallback) return fallback;
      throw invalidInput(`unknown appid "${appid}": this server is not configured for that mini-program`);
    },
  };
}
