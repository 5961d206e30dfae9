import Fastify from 'fastify';
import { emulatorPushConfig } from '../push-config';
import { createPushSender } from './push';
import { emulatorRoutes } from './routes';
import { createEmulatorState, EMULATOR_APPID, EMULATOR_SECRET, type EmulatorState } from './state';

export interface StandaloneEmulator {
  /** Where api.weixin.qq.com's routes and the control API are, e.g. http://127.0.0.1:54321 */
  url: string;
  state: EmulatorState;
  close(): Promise<void>;
}

/**
 * The WeChat emulator on its own port, for servers other than the companion (the bench's, the examples'),
 * which call it as they would call api.weixin.qq.com. `pushTo`: the push URL control/push sends to.
 */
export async function startStandaloneEmulator(options: { appids?: readonly string[]; pushTo?: string } = {}): Promise<StandaloneEmulator> {
  const appids = options.appids ?? [EMULATOR_APPID];
  const state = createEmulatorState({ appids, secret: EMULATOR_SECRET, mode: 'test', now: Date.now, sessions: {}, onSessionsChanged: () => undefined });
  const push = createPushSender({
    config: emulatorPushConfig(),
    url: () => options.pushTo ?? 'http://127.0.0.1:9/api/wechat/push',
    appOf: (openid) => state.appOf(openid),
    defaultAppid: appids[0] ?? EMULATOR_APPID,
    now: Date.now,
    fetch: globalThis.fetch,
  });
  const app = Fastify({ logger: false });
  await app.register(emulatorRoutes(state, push));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, state, close: () => app.close() };
}
