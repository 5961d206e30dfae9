import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A line the load guard writes before it stops a process that loads what production must not have. */
export const FORBIDDEN_LOAD = 'FORBIDDEN LOAD';

/**
 * Preloaded into every built server the tests start: it stops the process (exit 97) the moment it loads a
 * TypeScript file, TypeScript tooling (tsx, typescript, ts-node) or the WeChat emulator.
 */
const LOAD_GUARD = `
const Module = require('node:module');
const resolve = Module._resolveFilename;
const forbidden = /\\.[cm]?tsx?$|[\\\\/]node_modules[\\\\/](tsx|typescript|ts-node|@esbuild-kit)[\\\\/]|[\\\\/]server[\\\\/]emulator[\\\\/]/;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  if (forbidden.test(file)) {
    process.stderr.write('${FORBIDDEN_LOAD} ' + file + '\\n');
    process.exit(97);
  }
  return file;
};
`;

export interface BuiltServer {
  /** Where the build went: dist/ of a deployed checkout (server/main.js, node_modules beside it). */
  dir: string;
  /** The load guard to preload with --require. */
  guard: string;
  remove(): Promise<void>;
}

/** `npm run build:server`'s compiler run, into a temp dir that sees the project's node_modules as a deployment does. */
export async function buildServer(): Promise<BuiltServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'built-server-'));
  try {
    await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', dir], { cwd: ROOT });
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const guard = path.join(dir, 'load-guard.js');
    await writeFile(guard, LOAD_GUARD);
    return { dir, guard, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Every file the build wrote, relative to its dir (node_modules, the link, left out). */
export async function builtFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('node_modules'));
}

export interface ServerProcess {
  child: ChildProcess;
  /** Lines written so far. */
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line `matches` accepts (already written or still to come); rejects if the process ends first. */
  line(matches: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node <dir>/server/main.js` with exactly `env` (no NODE_OPTIONS, no inherited tooling) and the load guard preloaded. */
export function spawnBuiltServer(built: BuiltServer, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--require', built.guard, path.join(built.dir, 'server', 'main.js')], {
    cwd: built.dir,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ matches: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  const collect = (into: string[], onLine?: (line: string) => void) => {
    let partial = '';
    return (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        into.push(line);
        onLine?.(line);
      }
    };
  };
  child.stdout?.on(
    'data',
    collect(stdout, (line) => {
      for (const waiter of waiters.splice(0)) {
        if (waiter.matches(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }),
  );
  child.stderr?.on('data', collect(stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`server exited (${code ?? signal}) first; stderr: ${stderr.join('\n')}`));
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout,
    stderr,
    exited,
    line(matches) {
      const written = stdout.find(matches);
      if (written !== undefined) return Promise.resolve(written);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`server already exited; stderr: ${stderr.join('\n')}`));
      return new Promise((resolve, reject) => waiters.push({ matches, resolve, reject }));
    },
  };
}

/** A pino line's message, or undefined for a line that is not JSON. */
export function logMessage(line: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { msg?: unknown }).msg === 'string' ? (parsed as { msg: string }).msg : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for Fastify's "Server listening at …" line and answers the server's URL. */
export async function listeningUrl(server: ServerProcess): Promise<string> {
  const line = await server.line((candidate) => logMessage(candidate)?.startsWith('Server listening at ') === true);
  return (logMessage(line) ?? '').slice('Server listening at '.length);
}

/** Inodes of the TCP sockets in LISTEN state, by port, from Linux's /proc/net/tcp and tcp6. */
async function listeningInodes(): Promise<Map<string, number>> {
  const inodes = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const row of rows) {
      const columns = row.trim().split(/\s+/);
      const [, local = '', , state, , , , , , inode = ''] = columns;
      if (state === '0A') inodes.set(inode, parseInt(local.split(':')[1] ?? '', 16));
    }
  }
  return inodes;
}

/**
 * The ports process `pid` listens on (Linux). Asking the process's own sockets, not whether a connection is
 * refused: another process may take a port the moment it is free.
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = await listeningInodes();
  const fdDir = `/proc/${pid}/fd`;
  const ports: number[] = [];
  for (const fd of await readdir(fdDir)) {
    const target = await readlink(path.join(fdDir, fd)).catch(() => '');
    const port = inodes.get(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '');
    if (port !== undefined) ports.push(port);
  }
  return ports;
}
