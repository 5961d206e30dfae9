import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { FromServe, ServeConfig, ToServe } from './serve';

/** One server of a bench (server/bench/serve.ts) in a process of its own, spoken to over IPC. */
export interface Served {
  url: string;
  child: ChildProcess;
  request(message: ToServe): void;
  next(): Promise<FromServe>;
  /** The server process's CPU time so far, µs. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** `logFile` receives the process's stdout (its log lines); `profileDir`: write a --cpu-prof profile there. */
export async function serve(config: ServeConfig, logFile: string, profileDir?: string): Promise<Served> {
  const log = await open(logFile, 'a');
  // One folder per server: the module loader's thread writes a profile of its own beside the main thread's.
  const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.join(profileDir, path.basename(logFile, '.log'))];
  const child = fork(path.join(__dirname, 'serve.ts'), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx', ...profile],
    stdio: ['ignore', log.fd, 'inherit', 'ipc'],
  });
  const inbox: FromServe[] = [];
  const waiting: ((message: FromServe) => void)[] = [];
  child.on('message', (message: FromServe) => {
    const waiter = waiting.shift();
    if (waiter === undefined) inbox.push(message);
    else waiter(message);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (): Promise<FromServe> => {
    const queued = inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`${config.kind} exited before answering`)));
    });
  };
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`${config.kind} did not start`);
  return {
    url: ready.url,
    child,
    request: (message) => child.send(message),
    next,
    async cpu() {
      child.send({ type: 'cpu' } satisfies ToServe);
      const answer = await next();
      if (answer.type !== 'cpu') throw new Error(`${config.kind} did not report its CPU time`);
      return answer.micros;
    },
    async stop() {
      child.send({ type: 'stop' } satisfies ToServe);
      await exited;
      await log.close();
    },
  };
}

let mintId = 0;
/** Login codes minted by the emulator process for `users` distinct users. */
export async function mint(emulator: Served, count: number, users: number): Promise<string[]> {
  mintId += 1;
  emulator.request({ type: 'mint', count, users, id: mintId });
  const answer = await emulator.next();
  if (answer.type !== 'minted' || answer.id !== mintId) throw new Error('the emulator did not mint codes');
  return answer.codes;
}
