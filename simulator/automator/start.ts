/**
 * Starts the headless runtime on the project and serves it to miniprogram-automator, wired to a
 * developer server: `options.serverUrl`, else env SERVER_URL, else a fresh development server (temp data
 * dir, emulator on) that is closed with the endpoint.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startScratchServer } from '../../server/dev/scratch-server';
import { startServer, type RunningServer, type StartOptions as ServerStartOptions } from '../../server/start';
import { createRuntime } from '../runtime';
import type { CreateRuntime, Runtime, UserScript } from '../types';
import { createEndpoint } from './endpoint';
import { createLayoutAccess } from './layout';
import { createAppLifecycle } from './lifecycle';
import { DEFAULT_SETTLE, type SettleOptions } from './settle';

export const DEFAULT_PORT = 9420;

export interface AutomatorOptions {
  /** Repository root holding miniprogram/; default this checkout. */
  projectRoot?: string;
  /** Run this build of the mini-program instead of `<projectRoot>/miniprogram` (see RuntimeOptions). */
  miniprogramDir?: string;
  /** WebSocket port; 0 for a random one. Default 9420, as `cli auto --auto-port 9420`. */
  port?: number;
  host?: string;
  /** Developer server; default env SERVER_URL, else a fresh development server. */
  serverUrl?: string;
  sdkVersion?: string;
  openid?: string;
  storageFile?: string;
  user?: Partial<UserScript>;
  /** Modals wait for Tool.native confirmModal/cancelModal, as in DevTools. Default true. */
  holdModals?: boolean;
  /** Print the fresh server's request log. Default false. */
  serverLogs?: boolean;
  env?: NodeJS.ProcessEnv;
  settleOptions?: SettleOptions;
  createRuntime?: CreateRuntime;
  startServer?: (options: ServerStartOptions) => Promise<RunningServer>;
  onInternalError?: (method: string, error: unknown) => void;
  /** Chromium for the layout methods; default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
}

export interface RunningAutomator {
  readonly wsEndpoint: string;
  readonly port: number;
  readonly runtime: Runtime;
  readonly serverUrl: string;
  close(): Promise<void>;
}

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** The first page of app.json in the mini-program dir, as a reLaunch URL. */
export async function readHomeUrl(miniprogramDir: string): Promise<string> {
  const appJson: unknown = JSON.parse(await readFile(path.join(miniprogramDir, 'app.json'), 'utf8'));
  const pages = typeof appJson === 'object' && appJson !== null ? Reflect.get(appJson, 'pages') : undefined;
  const first: unknown = Array.isArray(pages) ? pages[0] : undefined;
  if (typeof first !== 'string') throw new Error(`${miniprogramDir}/app.json lists no pages`);
  return `/${first}`;
}

function ownServer(options: AutomatorOptions): Promise<{ url: string; close: () => Promise<void> }> {
  return startScratchServer(
    { port: 0, mode: 'development', logger: options.serverLogs ?? false, prefix: 'automator-server-' },
    options.startServer ?? startServer,
  );
}

export async function start(options: AutomatorOptions = {}): Promise<RunningAutomator> {
  const env = options.env ?? process.env;
  const projectRoot = options.projectRoot ?? REPOSITORY_ROOT;
  const miniprogramDir = options.miniprogramDir ?? path.join(projectRoot, 'miniprogram');
  const homeUrl = await readHomeUrl(miniprogramDir);
  const external = options.serverUrl ?? (env.SERVER_URL || undefined);
  const server = external !== undefined ? { url: external, close: async () => undefined } : await ownServer(options);
  const cleanups: Array<() => Promise<void>> = [server.close];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    const runtime = await (options.createRuntime ?? createRuntime)({
      projectRoot,
      miniprogramDir,
      serverUrl: server.url,
      ...(options.sdkVersion !== undefined ? { sdkVersion: options.sdkVersion } : {}),
      ...(options.openid !== undefined ? { openid: options.openid } : {}),
      ...(options.storageFile !== undefined ? { storageFile: options.storageFile } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
    });
    cleanups.push(() => runtime.close());
    runtime.ui.holdModals = options.holdModals ?? true;
    await runtime.launch();

    const layout = createLayoutAccess({ projectRoot, ...(options.chromiumPath !== undefined ? { executablePath: options.chromiumPath } : {}) });
    cleanups.push(() => layout.close());
    const endpoint = await createEndpoint({
      layout,
      runtime,
      app: createAppLifecycle(runtime),
      homeUrl,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_PORT,
      settleOptions: options.settleOptions ?? DEFAULT_SETTLE,
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    });
    cleanups.push(() => endpoint.close());

    return { wsEndpoint: endpoint.wsEndpoint, port: endpoint.port, runtime, serverUrl: server.url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
