import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { exited } from './process-wait';

/** A private, throwaway Redis on loopback, for tests and the benchmark. */
export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Stops the server (nothing is saved) and removes its directory. */
  stop(): Promise<void>;
}

export const REDIS_SERVER_BINARY = '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 15_000;
const PING_INTERVAL_MS = 20;

/** One PING over a fresh connection: true when the server answers +PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function waitUntilReady(child: ChildProcess, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await pings(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`redis-server on port ${port} did not answer PING:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS));
  }
}

/**
 * redis-server in a temp dir on 127.0.0.1, persistence off (no RDB, no AOF): state lives only as long as the
 * process. `port`: a given one (to bring a stopped Redis back at the same address), else a free one. Resolves
 * once it answers PING.
 */
export async function startRedisServer(options: { port?: number; binary?: string } = {}): Promise<RedisServer> {
  const binary = options.binary ?? REDIS_SERVER_BINARY;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redis-server-'));
  const logFile = path.join(dir, 'redis.log');
  const port = options.port ?? (await freePort());
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no'];
  const child = spawn(binary, args, { stdio: 'ignore' });
  const spawnFailure = new Promise<never>((_, reject) => child.once('error', reject));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitUntilReady(child, port, logFile), spawnFailure]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
