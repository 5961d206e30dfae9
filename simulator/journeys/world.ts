import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startServer, type RunningServer, type StartOptions } from '../../server/start';
import type { RuntimeOptions } from '../types';
import { createHeadlessRuntime, type HeadlessRuntime } from '../runtime';

/**
 * Everything one journey runs against: a real server on a fresh SQLite data dir (with the WeChat
 * emulator), runtimes ("devices") pointed at it, and a narrator. Used by test/e2e and the demo alike.
 */
export interface World {
  readonly projectRoot: string;
  readonly tmpDir: string;
  server: RunningServer;
  narrate(line: string): void;
  /** A device: its own storage file, so relaunches keep what the app stored. */
  device(options?: Partial<RuntimeOptions>): Promise<HeadlessRuntime>;
  /** Stops the server and starts it again on the same data dir (and port, when it is still free). */
  restartServer(): Promise<void>;
  /** Uncaught errors the mini-program's code threw, on any device. */
  readonly exceptions: string[];
  /** POST to the emulator's control API. */
  control(route: string, body: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export interface WorldOptions {
  projectRoot: string;
  narrate?: (line: string) => void;
  server?: Partial<StartOptions>;
  /** Narrate every request the mini-program makes and what the server answered. */
  narrateNetwork?: boolean;
  /** Defaults for every device, e.g. `miniprogramDir` to run DevTools' build instead of the sources. */
  devices?: Partial<RuntimeOptions>;
  /** Called with each new device before the journey uses it (e.g. to record its renders). */
  onDevice?: (runtime: HeadlessRuntime) => void;
}

export async function createWorld(options: WorldOptions): Promise<World> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-journey-'));
  const dataDir = path.join(tmpDir, 'data');
  const serverOptions: StartOptions = { port: 0, dataDir, mode: 'test', logger: false, ...options.server };
  const narrate = options.narrate ?? (() => undefined);
  const runtimes: HeadlessRuntime[] = [];
  const exceptions: string[] = [];
  let devices = 0;
  let server = await startServer(serverOptions);

  const world: World = {
    projectRoot: options.projectRoot,
    tmpDir,
    get server() {
      return server;
    },
    set server(next: RunningServer) {
      server = next;
    },
    narrate,
    exceptions,
    async device(runtimeOptions = {}) {
      devices += 1;
      const runtime = await createHeadlessRuntime({
        projectRoot: options.projectRoot,
        serverUrl: server.url,
        storageFile: path.join(tmpDir, `device-${devices}-storage.json`),
        ...options.devices,
        ...runtimeOptions,
      });
      runtime.on('exception', (error) => {
        exceptions.push(error.stack || error.message);
        narrate(`  ! the mini-program threw: ${error.message}`);
      });
      runtime.on('console', (entry) => {
        if (entry.type === 'error' || entry.type === 'warn') narrate(`  ! the mini-program logged (${entry.type}): ${entry.args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')}`);
      });
      runtime.onUi((record) => {
        if (record.kind === 'toast') narrate(`  WeChat shows the toast “${record.title}”`);
        if (record.kind === 'modal') narrate(`  WeChat shows the dialog “${record.title}”: ${record.content} → ${record.confirmed ? 'confirm' : 'cancel'}`);
      });
      if (options.narrateNetwork) {
        runtime.onExchange((exchange) => {
          const where = exchange.url.replace(/^https?:\/\/[^/]+/, '');
          const answer = exchange.statusCode === null ? exchange.errMsg : `HTTP ${exchange.statusCode}`;
          narrate(`      ↳ ${exchange.method} ${where} → server answered ${answer}`);
        });
      }
      options.onDevice?.(runtime);
      runtimes.push(runtime);
      return runtime;
    },
    async restartServer() {
      const port = server.port;
      await server.close();
      try {
        server = await startServer({ ...serverOptions, port });
      } catch {
        server = await startServer({ ...serverOptions, port: 0 });
      }
      for (const runtime of runtimes) runtime.retarget(server.url);
    },
    async control(route, body) {
      const response = await fetch(`${server.url}/__wechat/control/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`emulator control/${route} answered ${response.status}: ${await response.text()}`);
      const text = await response.text();
      return text ? (JSON.parse(text) as unknown) : null;
    },
    async close() {
      for (const runtime of runtimes.splice(0)) await runtime.close();
      await server.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
  return world;
}
