import { sealPush, type PushConfig, type PushMessage } from '../wechat/push';

export interface PushRequest {
  openid: string;
  event: string;
  revokeInfo?: number | string;
  appid?: string;
}

export interface PushSender {
  /** Sends the push to the server's push URL as WeChat does and answers the HTTP status it got. */
  send(request: PushRequest): Promise<{ status: number }>;
}

/** The mini-program's original ID (原始ID) WeChat puts in ToUserName. */
export const EMULATOR_ORIGINAL_ID = 'gh_emulator00000';

export function createPushSender(deps: {
  config: PushConfig;
  /** The server's push URL, known once it listens. */
  url: () => string;
  /** The app a push without an AppID is for: the one the openid logged in through, else the default app. */
  appOf: (openid: string) => string | undefined;
  defaultAppid: string;
  now: () => number;
  fetch: typeof fetch;
}): PushSender {
  return {
    async send({ openid, event, revokeInfo, appid = deps.appOf(openid) ?? deps.defaultAppid }) {
      const message: PushMessage = {
        ToUserName: EMULATOR_ORIGINAL_ID,
        FromUserName: openid,
        CreateTime: Math.floor(deps.now() / 1000),
        MsgType: 'event',
        Event: event,
        OpenID: openid,
        AppID: appid,
        ...(revokeInfo === undefined ? {} : { RevokeInfo: String(revokeInfo) }),
      };
      const { query, body } = sealPush(message, { config: deps.config, appid, toUserName: EMULATOR_ORIGINAL_ID, now: deps.now });
      const url = new URL(deps.url());
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      const response = await deps.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      return { status: response.status };
    },
  };
}
