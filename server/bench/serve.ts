import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStandaloneEmulator } from '../emulator/standalone';
import { EMULATOR_APPID, EMULATOR_SECRET } from '../emulator/state';
import type * as Start from '../start';
import { buildPeer } from './peer';

/**
 * One server of the bench in its own process (so each can be profiled alone with --cpu-prof): the WeChat
 * emulator both servers call, the project's server as deployed, or the bare peer. Reports its URL over IPC;
 * the emulator also mints login codes on request. Ends on "stop", leaving nothing behind.
 */
export type ServeConfig =
  | { kind: 'emulator' }
  /** `serverEntry`: the module with startServer, the compiled dist/server/start.js (npm run build:server) or the source. */
  | { kind: 'project' | 'peer'; engine: 'sqlite' | 'postgres'; databaseUrl?: string; wechatBase: string; serverEntry: string };

export type ToServe = { type: 'stop' } | { type: 'cpu' } | { type: 'mint'; count: number; users: number; id: number };
/** `cpu`: the process's CPU time so far (all its threads, user and system), in microseconds. */
export type FromServe = { type: 'ready'; url: string } | { type: 'minted'; id: number; codes: string[] } | { type: 'cpu'; micros: number };

const send = (message: FromServe): void => {
  process.send?.(message);
};

async function serveEmulator(): Promise<() => Promise<void>> {
  const emulator = await startStandaloneEmulator();
  send({ type: 'ready', url: emulator.url });
  process.on('message', (message: ToServe) => {
    if (message.type !== 'mint') return;
    const codes = Array.from({ length: message.count }, (_, i) => emulator.state.mintLoginCode(`o-bench-${i % message.users}`, undefined, undefined).code);
    send({ type: 'minted', id: message.id, codes });
  });
  return () => emulator.close();
}

async function serveServer(config: Extract<ServeConfig, { kind: 'project' | 'peer' }>): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `bench-${config.kind}-`));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (config.kind === 'peer') {
    const peer = await buildPeer({ ...config, databaseUrl: config.databaseUrl, dataDir, appid: EMULATOR_APPID, secret: EMULATOR_SECRET });
    await peer.listen({ port: 0, host: '127.0.0.1' });
    const address = peer.server.address();
    send({ type: 'ready', url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` });
    return async () => {
      await peer.close();
      await removeDir();
    };
  }
  // As deployed: the compiled server with production's settings (real WeChat credentials, so no emulator, against
  // WECHAT_API_BASE; JSON log lines at info level on stdout, which the bench sends to a file; the login rate limit
  // on, set out of reach of one client). The mode is development only because production refuses SQLite; with real
  // credentials the two differ in nothing else.
  const { startServer } = (await import(config.serverEntry)) as typeof Start;
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: config.databaseUrl,
    mode: 'development',
    logger: true,
    env: {
      WECHAT_APPID: EMULATOR_APPID,
      WECHAT_SECRET: EMULATOR_SECRET,
      WECHAT_API_BASE: config.wechatBase,
      LOGIN_RATE_LIMIT_MAX: '1000000000',
    },
  });
  send({ type: 'ready', url: server.url });
  return async () => {
    await server.close();
    await removeDir();
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ServeConfig;
  const stop = config.kind === 'emulator' ? await serveEmulator() : await serveServer(config);
  process.on('message', (message: ToServe) => {
    if (message.type === 'stop') stop().then(() => process.exit(0), () => process.exit(1));
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', micros: user + system });
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
