import { execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MAX_AVATAR_BYTES } from '../routes/user';
import { freePort } from './free-port';
import { exited, httpStatus } from './process-wait';

const run = promisify(execFile);

/** One server instance behind nginx; `down` takes it out of the rotation (a rolling restart's first step). */
export interface Upstream {
  address: string; // host:port
  down?: boolean;
}

export interface SiteOptions {
  /** What nginx listens on, e.g. "443 ssl" in production, "127.0.0.1:8080" in the tests. */
  listen: string;
  upstreams: readonly Upstream[];
}

/** The server's keep-alive timeout (DEFAULT_TIMEOUTS.keepAliveMs) is 5 s: nginx must drop an idle connection first. */
const UPSTREAM_KEEPALIVE_TIMEOUT = '4s';

/**
 * Room for the multipart envelope around the largest avatar, so an oversized file reaches the server and is
 * answered with the contract's 413 PAYLOAD_TOO_LARGE, not nginx's HTML page.
 */
export const CLIENT_MAX_BODY_SIZE = `${Math.ceil(MAX_AVATAR_BYTES / (1024 * 1024)) + 1}m`;

/**
 * The site configuration (what goes in /etc/nginx/conf.d/ of a deployment): the template the cluster tests run
 * and docs/deploy.md prints. Round robin over the instances; an instance that refuses or resets a connection is
 * routed around. nginx never resends a POST or PATCH it has already sent (it may have been executed), so a write in
 * flight on an instance that dies is answered 502, never applied twice.
 */
export function nginxSite(options: SiteOptions): string {
  const servers = options.upstreams.map(
    (upstream) => `    server ${upstream.address} max_fails=1 fail_timeout=2s${upstream.down === true ? ' down' : ''};`,
  );
  return [
    'upstream miniprogram_login {',
    ...servers,
    '    keepalive 32;',
    `    keepalive_timeout ${UPSTREAM_KEEPALIVE_TIMEOUT};`,
    '}',
    '',
    'server {',
    `    listen ${options.listen};`,
    `    client_max_body_size ${CLIENT_MAX_BODY_SIZE};`,
    '',
    '    location / {',
    '        proxy_pass http://miniprogram_login;',
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '        # nginx is the edge: it replaces whatever X-Forwarded-For the client sent (TRUST_PROXY on the server).',
    '        proxy_set_header X-Forwarded-For $remote_addr;',
    '        proxy_set_header X-Forwarded-Proto $scheme;',
    '        proxy_next_upstream error timeout http_502 http_503;',
    '        proxy_next_upstream_tries 3;',
    '        proxy_connect_timeout 2s;',
    '    }',
    '}',
    '',
  ].join('\n');
}

/** The example docs/deploy.md shows: three instances on ports 3001-3003 of one host. */
export const DOCUMENTED_SITE: SiteOptions = {
  listen: '80',
  upstreams: [{ address: '127.0.0.1:3001' }, { address: '127.0.0.1:3002' }, { address: '127.0.0.1:3003' }],
};

/** The throwaway's own nginx.conf: everything under `prefix`, in the foreground, the site inside `http`. */
function throwawayConfig(prefix: string, site: string, user: string | null): string {
  const temp = (name: string) => `    ${name}_temp_path ${path.join(prefix, `${name}_temp`)};`;
  return [
    ...(user === null ? [] : [`user ${user};`]),
    'daemon off;',
    'worker_processes 1;',
    // A reload waits for the old workers: bound the wait on a request that never ends.
    'worker_shutdown_timeout 10s;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events {',
    '    worker_connections 1024;',
    '}',
    'http {',
    '    access_log off;',
    temp('client_body'),
    temp('proxy'),
    temp('fastcgi'),
    temp('uwsgi'),
    temp('scgi'),
    ...site.trimEnd().split('\n').map((line) => (line === '' ? '' : `    ${line}`)),
    '}',
    '',
  ].join('\n');
}

export interface RunningNginx {
  url: string; // http://127.0.0.1:<port>
  port: number;
  /**
   * Rewrites the site with these upstreams and reloads; resolves once every worker of the old configuration has
   * finished its requests and exited, so nothing goes where the old configuration sent it any more.
   */
  reload(upstreams: readonly Upstream[]): Promise<void>;
  stop(): Promise<void>;
}

export const NGINX_BINARY = '/usr/sbin/nginx';
const POLL_MS = 20;
const READY_TIMEOUT_MS = 15_000;

/** As root, nginx's workers run as `nobody`, which must be able to write the temp folders. */
async function workerUser(prefix: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid, group] = await Promise.all([run('id', ['-u', 'nobody']), run('id', ['-g', 'nobody']), run('id', ['-gn', 'nobody'])]);
  await chown(prefix, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  return `nobody ${group.stdout.trim()}`;
}

async function workersOf(masterPid: number): Promise<number[]> {
  const { stdout } = await run('pgrep', ['-P', String(masterPid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean).map(Number);
}

/** Gone, or a zombie its master has yet to reap. */
async function gone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || / Z /.test(stat.slice(stat.lastIndexOf(')')));
}

/** Polls `condition`; `log` says whether nginx has exited and what it wrote. */
async function poll(condition: () => Promise<boolean>, what: string, log: () => { ended: boolean; text: string }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await condition())) {
    const { ended, text } = log();
    if (ended) throw new Error(`nginx exited while waiting for ${what}:\n${text}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export interface NginxOptions {
  /** Default: a free one. */
  port?: number;
  binary?: string;
}

/**
 * A throwaway Debian nginx in front of `upstreams`, on 127.0.0.1, with its own prefix (config, pid, temp folders)
 * that stop() removes. Resolves once it answers HTTP; start the upstreams first, as nginx counts a refused
 * connection as a failure of that upstream.
 */
export async function startNginx(upstreams: readonly Upstream[], options: NginxOptions = {}): Promise<RunningNginx> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'nginx-'));
  const port = options.port ?? (await freePort());
  const user = await workerUser(prefix);
  const confFile = path.join(prefix, 'nginx.conf');
  const write = (list: readonly Upstream[]) =>
    writeFile(confFile, throwawayConfig(prefix, nginxSite({ listen: `127.0.0.1:${port}`, upstreams: list }), user));
  await write(upstreams);

  const child = spawn(options.binary ?? NGINX_BINARY, ['-p', prefix, '-c', confFile, '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.once('error', (error) => {
    stderr += String(error);
  });
  const log = () => ({ ended: child.exitCode !== null || child.signalCode !== null, text: stderr });
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && !log().ended) {
      child.kill('SIGQUIT');
      await exited(child);
    }
    await rm(prefix, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await poll(async () => (await httpStatus(url, 1000)) !== null, `nginx on port ${port}`, log);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    port,
    async reload(list) {
      const masterPid = child.pid ?? 0;
      const old = await workersOf(masterPid);
      await write(list);
      child.kill('SIGHUP');
      await poll(async () => (await Promise.all(old.map(gone))).every(Boolean), 'the old nginx workers to exit', log);
    },
    stop,
  };
}
