import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EMULATOR_APPID, EMULATOR_SECRET } from '../emulator/state';
import { freePort } from './free-port';
import { startNginx, type RunningNginx, type Upstream } from './nginx';
import { exited, httpStatus } from './process-wait';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from './postgres-cluster';
import { startRedisServer, type RedisServer } from './redis-server';
import { startS3Server, type S3Server } from './s3-server';

/** One server process of the cluster, on a port of its own that it keeps across restarts. */
export interface Instance {
  /** http://127.0.0.1:<port>: the instance itself, bypassing nginx. */
  readonly url: string;
  readonly running: boolean;
  /** Spawns the process and resolves once its /api/health answers 200. */
  start(): Promise<void>;
  /** kill -9: no drain, connections reset. */
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code once the process has drained and exited. */
  terminate(): Promise<number | null>;
}

export interface Cluster {
  /** nginx in front of every instance. */
  readonly url: string;
  readonly instances: readonly Instance[];
  /** The one database every instance uses: what the tests read acknowledged writes back from. */
  readonly databaseUrl: string;
  /**
   * The rolling restart of one instance as an operator does it: take it out of nginx's rotation (reload), SIGTERM
   * it (it finishes what it has in flight), start it again, wait for its health, put it back. Resolves with the
   * SIGTERM exit code.
   */
  restart(index: number): Promise<number | null>;
  /** Routes through the first `count` instances only (the others stay up, out of the rotation): the bench's 1 vs N. */
  serveThrough(count: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  instances: number;
  /** Where the instances reach WeChat's API: an emulator (server/emulator/standalone.ts) in tests and the bench. */
  wechatApiBase: string;
  /** More of the instances' environment, e.g. LOGIN_RATE_LIMIT_MAX. */
  env?: Record<string, string>;
}

const run = promisify(execFile);
const HEALTH_POLL_MS = 25;
const START_TIMEOUT_MS = 30_000;

/** What the compiled server is built from: a change to any of these makes dist/ stale. */
async function newestSourceMs(root: string): Promise<number> {
  const sources = (await readdir(path.join(root, 'server'), { recursive: true }))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(root, 'server', name));
  const configs = ['package.json', 'tsconfig.json', 'tsconfig.node.json', 'tsconfig.build.json'].map((name) => path.join(root, name));
  const times = await Promise.all([...sources, ...configs].map(async (file) => (await stat(file)).mtimeMs));
  return Math.max(...times);
}

/**
 * The server as deployed: `npm run build:server`'s dist/server/main.js, run by plain `node` (what `npm run
 * start:prod` does). Built here first when it is missing or older than a source, so a test never runs stale code.
 */
async function compiledServer(root: string): Promise<string> {
  const entry = path.join(root, 'dist', 'server', 'main.js');
  const builtMs = await stat(entry).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (builtMs < (await newestSourceMs(root))) await run('npm', ['run', '--silent', 'build:server'], { cwd: root });
  return entry;
}



interface InstanceSetup {
  index: number;
  port: number;
  env: NodeJS.ProcessEnv;
  dir: string;
  /** The compiled server's entry file. */
  entry: string;
}

function createInstance(setup: InstanceSetup): Instance {
  const url = `http://127.0.0.1:${setup.port}`;
  const logFile = path.join(setup.dir, `instance-${setup.index}.log`);
  let child: ChildProcess | null = null;
  const isRunning = (): boolean => child !== null && child.exitCode === null && child.signalCode === null;

  async function start(): Promise<void> {
    if (isRunning()) throw new Error(`instance ${setup.index} is already running`);
    const log = await open(logFile, 'a');
    const spawned = spawn(process.execPath, [setup.entry], { cwd: setup.dir, env: setup.env, stdio: ['ignore', log.fd, log.fd] });
    child = spawned;
    void exited(spawned).then(() => log.close());
    const deadline = Date.now() + START_TIMEOUT_MS;
    while ((await httpStatus(`${url}/api/health`, 2000)) !== 200) {
      if (spawned.exitCode !== null || spawned.signalCode !== null || Date.now() > deadline) {
        spawned.kill('SIGKILL');
        await exited(spawned);
        const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
        throw new Error(`instance ${setup.index} on ${url} did not become healthy:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
  }

  async function signal(name: NodeJS.Signals): Promise<ChildProcess> {
    const current = child;
    if (current === null || !isRunning()) throw new Error(`instance ${setup.index} is not running`);
    current.kill(name);
    await exited(current);
    return current;
  }

  return {
    url,
    get running() {
      return isRunning();
    },
    start,
    kill: async () => {
      await signal('SIGKILL');
    },
    terminate: async () => (await signal('SIGTERM')).exitCode,
  };
}

/** What every instance shares: one database, one Redis, one bucket, one public address (nginx's). */
function sharedEnvironment(options: ClusterOptions, parts: { databaseUrl: string; redis: RedisServer; s3: S3Server; publicUrl: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: parts.databaseUrl,
    WECHAT_APPID: EMULATOR_APPID,
    WECHAT_SECRET: EMULATOR_SECRET,
    WECHAT_API_BASE: options.wechatApiBase,
    PUBLIC_URL: parts.publicUrl,
    // nginx connects from loopback: only it may say who the client is.
    TRUST_PROXY: '127.0.0.1',
    REDIS_URL: parts.redis.url,
    S3_ENDPOINT: parts.s3.endpoint,
    S3_BUCKET: parts.s3.bucket,
    S3_REGION: parts.s3.region,
    S3_ACCESS_KEY_ID: parts.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: parts.s3.secretAccessKey,
    S3_PUBLIC_URL: parts.s3.publicUrl,
    // s3rver, like MinIO, serves buckets as paths, not as host names.
    S3_FORCE_PATH_STYLE: 'true',
    ...options.env,
  };
}

/** Stops what was started, last first, even when some of it fails. */
async function stopAll(stops: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of [...stops].reverse()) {
    await stop().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, 'the cluster did not stop cleanly');
}

/**
 * PostgreSQL, redis-server, an S3 server and `instances` server processes in production mode, nginx in front, all
 * on loopback and throwaway: stop() ends every process and removes every folder.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const entry = await compiledServer(path.resolve(__dirname, '..', '..'));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cluster-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  try {
    const binDir = findPostgresBinDir();
    if (binDir === null) throw new Error('the cluster needs PostgreSQL: no /usr/lib/postgresql/*/bin (apt-get install postgresql)');
    const postgres: PostgresCluster = await startPostgresCluster(binDir);
    stops.push(() => postgres.stop());
    const [databaseUrl, redis, s3] = await Promise.all([postgres.createDatabase('cluster'), startRedisServer(), startS3Server()]);
    stops.push(() => redis.stop(), () => s3.stop());

    const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
    const upstreams = (isDown: (index: number) => boolean = () => false): Upstream[] =>
      ports.map((port, index) => ({ address: `127.0.0.1:${port}`, down: isDown(index) }));
    // The instances are told nginx's address (PUBLIC_URL) before it starts: it starts once they answer.
    const nginxPort = await freePort();
    const env = sharedEnvironment(options, { databaseUrl, redis, s3, publicUrl: `http://127.0.0.1:${nginxPort}` });
    const instances = await Promise.all(
      ports.map(async (port, index) => {
        const instanceDir = path.join(dir, `data-${index}`);
        await mkdir(instanceDir);
        return createInstance({ index, port, dir, entry, env: { ...env, PORT: String(port), DATA_DIR: instanceDir } });
      }),
    );
    stops.push(() => Promise.all(instances.filter((instance) => instance.running).map((instance) => instance.terminate())));
    // The first one migrates the empty database alone; the others find it migrated.
    const [first, ...rest] = instances;
    await first?.start();
    await Promise.all(rest.map((instance) => instance.start()));
    const nginx: RunningNginx = await startNginx(upstreams(), { port: nginxPort });
    stops.push(() => nginx.stop());

    return {
      url: nginx.url,
      instances,
      databaseUrl,
      async restart(index) {
        const instance = instances[index];
        if (instance === undefined) throw new Error(`no instance ${index}`);
        await nginx.reload(upstreams((i) => i === index));
        const code = await instance.terminate();
        await instance.start();
        await nginx.reload(upstreams());
        return code;
      },
      serveThrough: (count) => nginx.reload(upstreams((i) => i >= count)),
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops).catch(() => undefined);
    throw error;
  }
}
