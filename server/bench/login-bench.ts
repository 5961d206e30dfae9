import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from '../dev/postgres-cluster';
import { envInt, mint, serve, type Served } from './bench-process';
import { loginRequest, meRequest, tokenFor } from './workload';

/**
 * `npm run bench`: the project's POST /api/auth/login and authenticated GET /api/user/me beside a bare peer
 * doing the same work (server/bench/peer.ts), measured in the same run, alternating, with SQLite and with
 * PostgreSQL (a private throwaway cluster). Every server is its own process and calls one WeChat emulator
 * process; the project logs as deployed (JSON lines at info level, to a file). Loopback only, bounded in time.
 * BENCH_PROFILE=<dir> writes a --cpu-prof profile of each server there; BENCH_PATHS=login|me and
 * BENCH_ENGINES=sqlite|postgres run a subset; BENCH_ROUNDS=<n> repeats each comparison, for the spread on a
 * machine whose load drifts. The project is served compiled (npm run build:server first), as start:prod runs it;
 * BENCH_SOURCE=1 serves the TypeScript source instead (no build, for quick runs while changing the server).
 */
interface BenchConfig {
  seconds: number;
  connections: number;
  users: number;
  rounds: number;
  profileDir: string | undefined;
  /** BENCH_PATHS, BENCH_ENGINES: a subset, e.g. to profile one path alone. */
  paths: string[];
  engines: string[];
  /** The module the project's server is started from. */
  serverEntry: string;
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  /**
   * The server's CPU time per request, µs: steadier than requests/s on a shared machine, where the client, the
   * other server and other work take turns on the cores.
   */
  cpuPerRequest: number;
}

/** One autocannon run against the target, with the CPU time the target spent on it. */
async function measure(target: Served, options: autocannon.Options): Promise<Measured> {
  const cpuBefore = await target.cpu();
  const result = await autocannon(options);
  const cpu = (await target.cpu()) - cpuBefore;
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    cpuPerRequest: cpu / Math.max(1, result.requests.total),
  };
}

async function benchLogin(target: Served, emulator: Served, config: BenchConfig, seconds: number): Promise<Measured> {
  // More codes than any run can use, minted before the clock starts, so only the login itself is measured.
  const codes = await mint(emulator, seconds * 6000, config.users);
  return measure(target, { url: target.url, connections: config.connections, duration: seconds, requests: [loginRequest(codes)] });
}

function benchMe(target: Served, token: string, config: BenchConfig, seconds: number): Promise<Measured> {
  return measure(target, {
    url: target.url,
    connections: config.connections,
    duration: seconds,
    requests: [meRequest(token)],
  });
}

const row = (label: string, m: Measured): string =>
  `  ${label.padEnd(24)} ${m.perSecond.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(1).padStart(5)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  CPU ${m.cpuPerRequest.toFixed(0).padStart(5)} µs/req${m.failed > 0 ? `  FAILED ${m.failed}` : ''}`;

/**
 * Peer and project alternate (peer, project, project, peer) so a drift in the machine's load hits both alike;
 * each round is one such sequence, with its own ratio.
 */
async function compare(name: string, peer: Served, project: Served, rounds: number, run: (target: Served) => Promise<Measured>): Promise<void> {
  const order: [string, Served][] = [['peer', peer], ['project', project], ['project', project], ['peer', peer]];
  const results: Record<string, Measured[]> = { peer: [], project: [] };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const mean = (list: Measured[]): Measured => ({
    perSecond: list.reduce((sum, m) => sum + m.perSecond, 0) / list.length,
    p50: list.reduce((sum, m) => sum + m.p50, 0) / list.length,
    p99: list.reduce((sum, m) => sum + m.p99, 0) / list.length,
    failed: list.reduce((sum, m) => sum + m.failed, 0),
    cpuPerRequest: list.reduce((sum, m) => sum + m.cpuPerRequest, 0) / list.length,
  });
  for (let round = 0; round < rounds; round += 1) {
    const inRound: Record<string, Measured[]> = { peer: [], project: [] };
    for (const [label, target] of order) {
      const measuredRun = await run(target);
      results[label]?.push(measuredRun);
      inRound[label]?.push(measuredRun);
    }
    const [roundPeer, roundProject] = [mean(inRound.peer ?? []), mean(inRound.project ?? [])];
    ratios.push(roundProject.perSecond / roundPeer.perSecond);
    cpuRatios.push(roundPeer.cpuPerRequest / roundProject.cpuPerRequest);
  }
  const peerMean = mean(results.peer ?? []);
  const projectMean = mean(results.project ?? []);
  process.stdout.write(`${name} (load average ${os.loadavg()[0]?.toFixed(1)})\n${row('bare peer', peerMean)}\n${row('project', projectMean)}\n`);
  const spread = (list: number[]): string => (rounds > 1 ? `  (rounds: ${list.map((ratio) => ratio.toFixed(2)).join(' ')})` : '');
  process.stdout.write(`  ratio project/peer       ${(projectMean.perSecond / peerMean.perSecond).toFixed(2)}x${spread(ratios)}\n`);
  process.stdout.write(`  CPU/request peer/project ${(peerMean.cpuPerRequest / projectMean.cpuPerRequest).toFixed(2)}x${spread(cpuRatios)}\n`);
}

async function benchEngine(engine: 'sqlite' | 'postgres', urls: [string | undefined, string | undefined], emulator: Served, config: BenchConfig, logDir: string): Promise<void> {
  const common = { engine, wechatBase: emulator.url, serverEntry: config.serverEntry };
  const project = await serve({ kind: 'project', ...common, databaseUrl: urls[0] }, path.join(logDir, `project-${engine}.log`), config.profileDir);
  const peer = await serve({ kind: 'peer', ...common, databaseUrl: urls[1] }, path.join(logDir, `peer-${engine}.log`), config.profileDir);
  try {
    // Warm-up: JIT, connection pools, the access paths of both databases.
    await benchLogin(project, emulator, config, 1);
    await benchLogin(peer, emulator, config, 1);
    if (config.paths.includes('login')) {
      await compare(`${engine}: POST /api/auth/login`, peer, project, config.rounds, (target) => benchLogin(target, emulator, config, config.seconds));
    }
    if (!config.paths.includes('me')) return;
    const tokens = new Map([[peer, await tokenFor(peer.url, (await mint(emulator, 1, 1))[0])], [project, await tokenFor(project.url, (await mint(emulator, 1, 1))[0])]]);
    await compare(`${engine}: GET /api/user/me (bearer)`, peer, project, config.rounds, (target) => benchMe(target, tokens.get(target) ?? '', config, config.seconds));
  } finally {
    await Promise.allSettled([project.stop(), peer.stop()]);
  }
}

/** The server as start:prod runs it: compiled by npm run build:server (or, BENCH_SOURCE=1, its TypeScript source). */
function serverEntry(): string {
  const root = path.join(__dirname, '..', '..');
  if (process.env.BENCH_SOURCE === '1') return path.join(root, 'server', 'start.ts');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
  return path.join(root, 'dist', 'server', 'start.js');
}

async function main(): Promise<void> {
  const config: BenchConfig = {
    seconds: envInt('BENCH_SECONDS', 5),
    connections: envInt('BENCH_CONNECTIONS', 32),
    users: envInt('BENCH_USERS', 500),
    rounds: envInt('BENCH_ROUNDS', 1),
    profileDir: process.env.BENCH_PROFILE || undefined,
    paths: (process.env.BENCH_PATHS || 'login,me').split(','),
    engines: (process.env.BENCH_ENGINES || 'sqlite,postgres').split(','),
    serverEntry: serverEntry(),
  };
  process.stdout.write(
    `bench: ${config.connections} connections, ${config.seconds} s per run (peer, project, project, peer) x ${config.rounds}, ${config.users} distinct users, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}, project served from ${path.relative(process.cwd(), config.serverEntry)}\n`,
  );
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'bench-logs-'));
  const emulator = await serve({ kind: 'emulator' }, path.join(logDir, 'emulator.log'), config.profileDir);
  let cluster: PostgresCluster | null = null;
  try {
    if (config.engines.includes('sqlite')) await benchEngine('sqlite', [undefined, undefined], emulator, config, logDir);
    if (!config.engines.includes('postgres')) return;
    const binDir = findPostgresBinDir();
    if (binDir === null) {
      process.stdout.write('postgres: not run: no /usr/lib/postgresql/*/bin (apt-get install postgresql)\n');
      return;
    }
    cluster = await startPostgresCluster(binDir);
    const urls: [string, string] = [await cluster.createDatabase('bench_project'), await cluster.createDatabase('bench_peer')];
    await benchEngine('postgres', urls, emulator, config, logDir);
  } finally {
    await emulator.stop();
    await cluster?.stop();
    await rm(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
