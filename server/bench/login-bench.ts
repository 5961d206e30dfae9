import { findPostgresBinDir, startPostgresCluster } from '../dev/postgres-cluster';
import { startScratchServer } from '../dev/scratch-server';
import type { RunningServer } from '../start';

/**
 * `npm run bench`: POST /api/auth/login against the emulator on loopback, with SQLite and with PostgreSQL
 * (a private throwaway cluster). Bounded in count and time; it only ever talks to 127.0.0.1.
 */
interface BenchConfig {
  requests: number;
  seconds: number;
  concurrency: number;
  users: number;
}

interface BenchResult {
  engine: string;
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function mintCodes(server: RunningServer, config: BenchConfig): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < config.requests; i += 1) {
    const response = await fetch(`${server.emulatorUrl}/control/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: `o-bench-${i % config.users}` }),
    });
    const body = (await response.json()) as { code: string };
    codes.push(body.code);
  }
  return codes;
}

async function run(engine: string, server: RunningServer, config: BenchConfig): Promise<BenchResult> {
  // Codes are minted before the clock starts, so only the login itself is measured.
  const codes = await mintCodes(server, config);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + config.seconds * 1000;

  async function worker(): Promise<void> {
    while (next < codes.length && performance.now() < deadline) {
      const code = codes[next];
      next += 1;
      const t0 = performance.now();
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      await response.arrayBuffer();
      if (response.status === 200) latencies.push(performance.now() - t0);
      else failed += 1;
    }
  }

  await Promise.all(Array.from({ length: config.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    engine,
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function withServer(databaseUrl: string | undefined, body: (server: RunningServer) => Promise<BenchResult>): Promise<BenchResult> {
  const server = await startScratchServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    mode: 'test',
    logger: false,
    env: {},
    loginRateLimit: { max: 1_000_000, windowMs: 60_000 },
    prefix: 'login-bench-',
  });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

function report(result: BenchResult, config: BenchConfig): string {
  return [
    `${result.engine.padEnd(10)}`,
    `${result.perSecond.toFixed(0).padStart(6)} logins/s`,
    `p50 ${result.p50.toFixed(2)} ms`,
    `p99 ${result.p99.toFixed(2)} ms`,
    `(${result.completed} ok, ${result.failed} failed, ${result.seconds.toFixed(1)} s, concurrency ${config.concurrency})`,
  ].join('  ');
}

async function main(): Promise<void> {
  const config: BenchConfig = {
    requests: envInt('BENCH_REQUESTS', 2000),
    seconds: envInt('BENCH_SECONDS', 15),
    concurrency: envInt('BENCH_CONCURRENCY', 16),
    users: envInt('BENCH_USERS', 500),
  };
  process.stdout.write(
    `login bench: up to ${config.requests} logins or ${config.seconds} s per engine, ${config.users} distinct users, Node ${process.version}\n`,
  );

  const sqlite = await withServer(undefined, (server) => run('sqlite', server, config));
  process.stdout.write(`${report(sqlite, config)}\n`);

  const binDir = findPostgresBinDir();
  if (binDir === null) {
    process.stdout.write('postgres    not run: no /usr/lib/postgresql/*/bin (apt-get install postgresql)\n');
    return;
  }
  const cluster = await startPostgresCluster(binDir);
  try {
    const url = await cluster.createDatabase('login_bench');
    const postgres = await withServer(url, (server) => run('postgres', server, config));
    process.stdout.write(`${report(postgres, config)}\n`);
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
