import type { FastifyPluginAsync } from 'fastify';
import { codeControlRoutes, faultControlRoutes, pushControlRoute, sessionControlRoutes } from './control-routes';
import type { PushSender } from './push';
import type { EmulatorState } from './state';
import { wechatApiRoutes } from './wechat-api-routes';

/**
 * api.weixin.qq.com's routes the server uses, answering as WeChat does (HTTP 200, errcode/errmsg), plus the
 * control API tests and the headless runtime drive it with (docs/contract.md).
 */
export function emulatorRoutes(state: EmulatorState, push: PushSender): FastifyPluginAsync {
  return async (app) => {
    await app.register(wechatApiRoutes(state));
    await app.register(codeControlRoutes(state));
    await app.register(sessionControlRoutes(state));
    await app.register(faultControlRoutes(state));
    await app.register(pushControlRoute(push));
  };
}
