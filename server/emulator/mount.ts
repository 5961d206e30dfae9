import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AppCredentials } from '../apps-config';
import { acceptJsonOnly } from '../json-body';
import type { PushConfig } from '../wechat/push';
import { createPushSender } from './push';
import { emulatorRoutes } from './routes';
import { createSessionWriter, loadSessions } from './session-file';
import { createEmulatorState, EMULATOR_APPIDS, EMULATOR_SECRET, type EmulatorState } from './state';

/** The emulator's WeChat sessions outlive a restart on the same data, as WeChat's own do. */
export const EMULATOR_SESSIONS_FILE = 'wechat-emulator-sessions.json';

/** The apps the server's WeChat clients log in to when the emulator stands in for WeChat. */
export const EMULATOR_CREDENTIALS: readonly AppCredentials[] = EMULATOR_APPIDS.map((appid) => ({ appid, secret: EMULATOR_SECRET }));

export interface EmulatorMount {
  state: EmulatorState;
  /** The emulator's routes, for the server to mount under /__wechat. */
  routes: FastifyPluginAsync;
  /** Saves the sessions still waiting to be written; at shutdown. */
  flush(): Promise<void>;
}

export interface EmulatorMountOptions {
  dataDir: string;
  mode: 'development' | 'test';
  now: () => Date;
  /** What the emulator signs and seals its pushes with. */
  push: PushConfig;
  defaultAppid: string;
  /** The server's own URL, known once it listens: the emulator's pushes go there. */
  serverUrl: () => string;
}

/**
 * The WeChat emulator as the companion server mounts it in development and tests. Loaded only there (start.ts
 * imports it on demand), so a production process never has its code.
 */
export function mountEmulator(options: EmulatorMountOptions): EmulatorMount {
  const sessionFile = path.join(options.dataDir, EMULATOR_SESSIONS_FILE);
  const state = createEmulatorState({
    appids: EMULATOR_APPIDS,
    secret: EMULATOR_SECRET,
    mode: options.mode,
    now: () => options.now().getTime(),
    sessions: loadSessions(sessionFile),
    onSessionsChanged: () => writer.schedule(),
  });
  const writer = createSessionWriter(sessionFile, () => state.sessions());
  const push = createPushSender({
    config: options.push,
    url: () => `${options.serverUrl()}/api/wechat/push`,
    appOf: (openid) => state.appOf(openid),
    defaultAppid: options.defaultAppid,
    now: () => options.now().getTime(),
    fetch: globalThis.fetch,
  });
  return {
    state,
    routes: async (wechat) => {
      acceptJsonOnly(wechat);
      await wechat.register(emulatorRoutes(state, push));
    },
    flush: () => writer.flush(),
  };
}
