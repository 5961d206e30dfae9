import os from 'node:os';
import autocannon from 'autocannon';
import { startCluster, type Cluster } from '../dev/cluster';
import { envInt, mint, serve, type Served } from './bench-process';
import { loginRequest, meRequest, tokenFor } from './workload';

/**
 * `npm run bench`, the cluster part: POST /api/auth/login and an authenticated GET /api/user/me through nginx with
 * 1 and with 3 instances of the compiled server in production mode (server/dev/cluster.ts: PostgreSQL, Redis, the
 * S3 server), alternating 1, 3, 3, 1 on the same cluster (nginx leaves the other instances out of its rotation for
 * the 1-instance runs). WeChat is the emulator in a process of its own (server/bench/serve.ts).
 */
const INSTANCES = 3;

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

async function logins(url: string, emulator: Served, seconds: number, connections: number): Promise<Measured> {
  const codes = await mint(emulator, seconds * 5000, 500);
  return measured(await autocannon({ url, connections, duration: seconds, requests: [loginRequest(codes)] }));
}

async function reads(url: string, token: string, seconds: number, connections: number): Promise<Measured> {
  return measured(await autocannon({ url, connections, duration: seconds, requests: [meRequest(token)] }));
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
  const emulator = await serve({ kind: 'emulator' }, '/dev/null');
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster({ instances: INSTANCES, wechatApiBase: emulator.url, env: { LOGIN_RATE_LIMIT_MAX: '1000000000' } });
    const target = cluster;
    // Warm-up of every instance (JIT, pools) through nginx's round robin.
    await logins(target.url, emulator, 1, connections);
    await compare('cluster: POST /api/auth/login', target, () => logins(target.url, emulator, seconds, connections));
    const token = await tokenFor(target.url, (await mint(emulator, 1, 1))[0]);
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
