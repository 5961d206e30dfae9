/**
 * The one switch between the two ways the UI tests run, behind the same miniprogram-automator API:
 * - default (npm test): the headless endpoint (simulator/automator) on a random port, against a fresh
 *   development server on a random port, connected with automator.connect({wsEndpoint});
 * - WECHAT_DEVTOOLS_CLI set: real WeChat DevTools via automator.launch({cliPath, projectPath}). The
 *   develop build calls http://127.0.0.1:3000, so a fresh development server is started on port 3000
 *   (stop `npm start` first; run jest with --runInBand). DevTools' tourist AppID gets codes the emulator
 *   never minted, which development mode maps to its one development user.
 * Headless, env HEADLESS_MINIPROGRAM_DIR (or `miniprogramDir`) runs that build of the mini-program instead of
 * the sources (test/automator/compiled.test.ts: DevTools' build).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import automator from 'miniprogram-automator';
import { DEV_OPENID } from '../../../server/emulator/state';
import { startScratchServer, type ScratchServer } from '../../../server/dev/scratch-server';
import type { RunningServer } from '../../../server/start';
import { start, type RunningAutomator } from '../../../simulator/automator/start';
import type { MiniProgram } from './client';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const DEVTOOLS_SERVER_PORT = 3000;

export interface HarnessOptions {
  /** Base library to run (headless: the runtime's sdkVersion; DevTools: projectConfig.libVersion). */
  sdkVersion?: string;
  /** Headless only: the mini-program build to run (default env HEADLESS_MINIPROGRAM_DIR, else the sources). */
  miniprogramDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Harness {
  readonly mode: 'headless' | 'devtools';
  /** The live client; replaced by reopen(). */
  readonly miniProgram: MiniProgram;
  /** The WeChat user the app logs in as (for the emulator's phone codes). */
  readonly openid: string;
  /** The emulator's control API. */
  readonly emulatorUrl: string;
  /** The development server the app talks to: its database and data dir, for checking what it holds. */
  readonly server: ScratchServer;
  /** Kills the app and starts it again, storage kept, as a user reopening the mini-program. */
  reopen(): Promise<MiniProgram>;
  close(): Promise<void>;
}

interface Backend {
  connect(): Promise<MiniProgram>;
  close(): Promise<void>;
}

async function headless(server: RunningServer, openid: string, options: HarnessOptions): Promise<Backend> {
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'automator-device-'));
  let running: RunningAutomator;
  try {
    running = await start({
      serverUrl: server.url,
      port: 0,
      openid,
      storageFile: path.join(storageDir, 'storage.json'),
      env: {},
      ...(options.sdkVersion !== undefined ? { sdkVersion: options.sdkVersion } : {}),
      ...(options.miniprogramDir !== undefined ? { miniprogramDir: options.miniprogramDir } : {}),
    });
  } catch (error) {
    await rm(storageDir, { recursive: true, force: true });
    throw error;
  }
  return {
    connect: () => automator.connect({ wsEndpoint: running.wsEndpoint }),
    close: async () => {
      await running.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

function devtools(cliPath: string, options: HarnessOptions): Backend {
  return {
    connect: () =>
      automator.launch({
        cliPath,
        projectPath: PROJECT_ROOT,
        ...(options.sdkVersion !== undefined ? { projectConfig: { libVersion: options.sdkVersion } } : {}),
      }),
    close: async () => undefined,
  };
}

export async function openMiniProgram(options: HarnessOptions = {}): Promise<Harness> {
  const env = options.env ?? process.env;
  const cliPath = env.WECHAT_DEVTOOLS_CLI || undefined;
  const mode = cliPath === undefined ? 'headless' : 'devtools';
  const server = await startScratchServer({
    port: mode === 'devtools' ? DEVTOOLS_SERVER_PORT : 0,
    mode: 'development',
    logger: false,
    env: {},
    prefix: 'automator-ui-',
  });
  const openid = mode === 'devtools' ? DEV_OPENID : `o-automator-${randomBytes(8).toString('hex')}`;
  let backend: Backend;
  let miniProgram: MiniProgram;
  try {
    const miniprogramDir = options.miniprogramDir ?? (env.HEADLESS_MINIPROGRAM_DIR || undefined);
    backend = cliPath === undefined ? await headless(server, openid, { ...options, ...(miniprogramDir !== undefined ? { miniprogramDir } : {}) }) : devtools(cliPath, options);
    miniProgram = await backend.connect();
  } catch (error) {
    await server.close();
    throw error;
  }
  const emulatorUrl = server.emulatorUrl ?? `${server.url}/__wechat`;
  return {
    mode,
    get miniProgram() {
      return miniProgram;
    },
    openid,
    emulatorUrl,
    server,
    async reopen() {
      await miniProgram.close();
      miniProgram = await backend.connect();
      return miniProgram;
    },
    async close() {
      if (mode === 'devtools') await miniProgram.close();
      else miniProgram.disconnect();
      await backend.close();
      await server.close();
    },
  };
}
