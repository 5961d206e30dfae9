import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startCluster, type Cluster } from '../dev/cluster';
import type { FromServe, ToServe } from './serve';

/**
 * `npm run bench`, the cluster part: POST /api/auth/login and an authenticated GET /api/user/me through nginx with
 * 1 and with 3 instances of the compiled server in production mode (server/dev/cluster.ts: PostgreSQL, Redis, the
 * S3 server), alternating 1, 3, 3, 1 on the same cluster (nginx leaves the other instances out of its rotation for
 * the 1-instance runs). WeChat is the emulator in a process of its own (server/bench/serve.ts).
 */
const INSTANCES = 3;

interface Emulator {
  url: string;
  mint(count: number, users: number): Promise<string[]>;
  stop(): Promise<void>;
}

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function startEmulator(): Promise<Emulator> {
  const child: ChildProcess = fork(path.join(__dirname, 'serve.ts'), [JSON.stringify({ kind: 'emulator' })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (): Promise<FromServe> =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      void exited.then(() => reject(new Error('the emulator exited')));
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('the emulator did not start');
  let id = 0;
  return {
    url: ready.url,
    async mint(count, users) {
      id += 1;
      child.send({ type: 'mint', count, users, id } satisfies ToServe);
      const answer = await next();
      if (answer.type !== 'minted' || answer.id !== id) throw new Error('the emulator did not mint codes');
      return answer.codes;
    },
    async stop() {
      child.send({ type: 'stop' } satisfies ToServe);
      await exited;
    },
  };
}

interface Measured {
  perSecond: number;
  p99: number;
  failed: number;
}

const measured = (result: autocannon.Result): Measured => ({
  perSecond: result.requests.average,
  p99: result.latency.p99,
  failed: result.non2xx + result.errors + result.timeouts,
});

async function logins(url: string, emulator: Emulator, seconds: number, connections: number): Promise<Measured> {
  const codes = await emulator.mint(seconds * 5000, 500);
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ code: codes[next++ % codes.length] }) }),
      },
    ],
  });
  return measured(result);
}

async function reads(url: string, token: string, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', path: '/api/user/me', headers: { authorization: `Bearer ${token}` } }],
  });
  return measured(result);
}

async function tokenFor(cluster: Cluster, emulator: Emulator): Promise<string> {
  const [code] = await emulator.mint(1, 1);
  const response = await fetch(`${cluster.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await response.json()) as { token?: string };
  if (body.token === undefined) throw new Error(`login for the GET bench failed: ${response.status}`);
  return body.token;
}

const mean = (list: Measured[]): Measured => ({
  perSecond: list.reduce((sum, m) => sum + m.perSecond, 0) / list.length,
  p99: list.reduce((sum, m) => sum + m.p99, 0) / list.length,
  failed: list.reduce((sum, m) => sum + m.failed, 0),
});

const row = (label: string, m: Measured): string =>
  `  ${label.padEnd(24)} ${m.perSecond.toFixed(0).padStart(7)} req/s  p99 ${m.p99.toFixed(1).padStart(6)} ms${m.failed > 0 ? `  FAILED ${m.failed}` : ''}`;

/** 1, N, N, 1: a drift in the machine's load hits both alike. */
async function compare(name: string, cluster: Cluster, run: () => Promise<Measured>): Promise<void> {
  const results = new Map<number, Measured[]>([
    [1, []],
    [INSTANCES, []],
  ]);
  for (const count of [1, INSTANCES, INSTANCES, 1]) {
    await cluster.serveThrough(count);
    results.get(count)?.push(await run());
  }
  const one = mean(results.get(1) ?? []);
  const many = mean(results.get(INSTANCES) ?? []);
  process.stdout.write(`${name} (load average ${os.loadavg()[0]?.toFixed(1)})\n${row('1 instance', one)}\n${row(`${INSTANCES} instances`, many)}\n`);
  process.stdout.write(`  ratio ${INSTANCES}/1                ${(many.perSecond / one.perSecond).toFixed(2)}x\n`);
}

async function main(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 5);
  const connections = envInt('BENCH_CONNECTIONS', 32);
  const cores = os.cpus().length;
  process.stdout.write(
    `cluster bench: nginx in front of 1 or ${INSTANCES} server processes (compiled, production mode) on PostgreSQL + Redis + S3, ` +
      `${connections} connections, ${seconds} s per run (1, ${INSTANCES}, ${INSTANCES}, 1), ${cores} cores\n` +
      `  the instances, nginx, PostgreSQL, Redis, the WeChat emulator and this load generator share these ${cores} cores: ` +
      `the ratio shows what a second and third process gain on this machine, not the linear gain of instances on machines of their own\n`,
  );
  const emulator = await startEmulator();
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster({ instances: INSTANCES, wechatApiBase: emulator.url, env: { LOGIN_RATE_LIMIT_MAX: '1000000000' } });
    const target = cluster;
    // Warm-up of every instance (JIT, pools) through nginx's round robin.
    await logins(target.url, emulator, 1, connections);
    await compare('cluster: POST /api/auth/login', target, () => logins(target.url, emulator, seconds, connections));
    const token = await tokenFor(target, emulator);
    await compare('cluster: GET /api/user/me (bearer)', target, () => reads(target.url, token, seconds, connections));
  } finally {
    await cluster?.stop();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
