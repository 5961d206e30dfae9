import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from '../../server/dev/postgres-cluster';
import {
  buildServer,
  builtFiles,
  FORBIDDEN_LOAD,
  listeningPorts,
  listeningUrl,
  logMessage,
  spawnBuiltServer,
  type BuiltServer,
  type ServerProcess,
} from './support/built-server';
import { field, http, jsonRequest, type HttpResult } from './support/harness';
import { REFUSED_CODE_PREFIX, startHeldWechat, type HeldWechat } from './support/held-wechat';
import { POSTGRES_MISSING_MESSAGE } from './support/postgres';
import { parseRawResponse, type RawResponse } from './support/raw-http';

jest.setTimeout(120_000);

const APP = { appid: 'wxprod00000000001', secret: 'PROD-APPSECRET-f3a9c1' };
const PUBLIC_URL = 'https://api.example.test';

/** Everything production needs, pointed at nothing that answers: for the refusals, which come before any connection. */
const COMPLETE = {
  NODE_ENV: 'production',
  WECHAT_APPID: APP.appid,
  WECHAT_SECRET: APP.secret,
  PUBLIC_URL,
  DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
};

function without(...names: Array<keyof typeof COMPLETE>): Record<string, string> {
  return Object.fromEntries(Object.entries(COMPLETE).filter(([name]) => !names.includes(name as keyof typeof COMPLETE)));
}

/** A client connection kept open across requests, read as raw bytes. */
interface Connection {
  send(request: string): void;
  received(): string;
  /** Resolves once `count` complete answers have arrived. */
  answered(count: number): Promise<RawResponse[]>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
}

function connect(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1' });
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    const received = (): string => Buffer.concat(chunks).toString('utf8');
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        send: (request) => socket.write(request),
        received,
        answered: (count) =>
          new Promise((done, fail) => {
            const check = (): void => {
              const responses = responsesIn(received());
              if (responses.length < count) return;
              socket.off('data', check);
              done(responses);
            };
            socket.on('data', check);
            socket.once('close', () => fail(new Error(`closed after ${responsesIn(received()).length} of ${count} answers`)));
            check();
          }),
        closed,
      }),
    );
  });
}

function loginBytes(code: string): string {
  const body = JSON.stringify({ code });
  return `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const HEALTH_BYTES = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** The answers on one connection, in order, each cut at its Content-Length. */
function responsesIn(raw: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = Buffer.from(raw, 'utf8');
  while (rest.length > 0) {
    const split = rest.indexOf('\r\n\r\n');
    if (split === -1) break;
    const head = parseRawResponse(rest.subarray(0, split + 4).toString('utf8'));
    const length = Number(head.headers['content-length'] ?? 0);
    const body = rest.subarray(split + 4, split + 4 + length).toString('utf8');
    responses.push({ ...head, body });
    rest = rest.subarray(split + 4 + length);
  }
  return responses;
}

/** Asks until `done` accepts the answer: PostgreSQL just restarted may refuse a moment longer than pg_ctl waits. */
async function healthUntil(url: string, done: (result: HttpResult) => boolean, tries = 50): Promise<HttpResult> {
  let result = await http(`${url}/api/health`);
  for (let attempt = 1; attempt < tries && !done(result); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    result = await http(`${url}/api/health`);
  }
  return result;
}

let built: BuiltServer;

beforeAll(async () => {
  built = await buildServer();
});
afterAll(async () => {
  await built.remove();
});

describe('npm run build:server', () => {
  test('emits the server as JavaScript only: its entry, nothing of the tests, bench, simulator or dev services', async () => {
    const files = (await builtFiles(built.dir)).filter((file) => file !== 'load-guard.js');
    expect(files).toContain(path.join('server', 'main.js'));
    expect(files.filter((file) => !file.endsWith('.js'))).toEqual([]);
    expect(files.filter((file) => !file.startsWith(`server${path.sep}`))).toEqual([]);
    expect(files.filter((file) => /^server[\\/](bench|dev)[\\/]/.test(file))).toEqual([]);
  });

  test('requires only Node built-ins and packages of "dependencies" (a production install has no devDependencies)', async () => {
    const manifest = JSON.parse(await readFile(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const required = new Set<string>();
    for (const file of await builtFiles(built.dir)) {
      for (const [, name = ''] of (await readFile(path.join(built.dir, file), 'utf8')).matchAll(/require\("([^"]+)"\)/g)) {
        if (!name.startsWith('.') && !isBuiltin(name)) required.add(name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
      }
    }
    expect(required.size).toBeGreaterThan(0);
    expect([...required].filter((name) => !(name in manifest.dependencies))).toEqual([]);
  });

  test('the load guard the production tests rely on stops a process that loads the emulator (development mode does)', async () => {
    const server = spawnBuiltServer(built, { PORT: '0', DATA_DIR: path.join(built.dir, 'data') });
    expect((await server.exited).code).toBe(97);
    expect(server.stderr[0]).toBe(`${FORBIDDEN_LOAD} ${path.join(built.dir, 'server', 'emulator', 'mount.js')}`);
  });
});

describe('NODE_ENV=production refuses to start without what production needs', () => {
  test.each([
    ['WeChat credentials', without('WECHAT_APPID', 'WECHAT_SECRET'), /WECHAT_APPS or WECHAT_APPID\/WECHAT_SECRET/],
    ['PUBLIC_URL', without('PUBLIC_URL'), /PUBLIC_URL/],
    ['DATABASE_URL', without('DATABASE_URL'), /DATABASE_URL/],
  ])('without %s: exit 1 and one line on stderr naming it', async (_what, env, names) => {
    const server = spawnBuiltServer(built, env);
    const { code } = await server.exited;
    expect(code).toBe(1);
    const lines = server.stderr.filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(names);
    expect(lines[0]).toMatch(/^failed to start: NODE_ENV=production needs /);
    expect(server.stdout.filter((line) => line !== '')).toEqual([]);
  });

  test('with nothing set, the one line names all three', async () => {
    const server = spawnBuiltServer(built, { NODE_ENV: 'production' });
    expect((await server.exited).code).toBe(1);
    const lines = server.stderr.filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    for (const name of [/WECHAT_APPID\/WECHAT_SECRET/, /PUBLIC_URL/, /DATABASE_URL/]) expect(lines[0]).toMatch(name);
  });

  test('DATABASE_URL set to SQLite (or anything but PostgreSQL) is refused too', async () => {
    const server = spawnBuiltServer(built, { ...COMPLETE, DATABASE_URL: 'sqlite:///var/lib/app.sqlite' });
    expect((await server.exited).code).toBe(1);
    expect(server.stderr.filter((line) => line !== '')).toEqual(['failed to start: DATABASE_URL must be a postgres:// or postgresql:// URL']);
  });
});

const postgresBin = findPostgresBinDir();
const withPostgres = postgresBin !== null || process.env.CI === 'true';
if (!withPostgres) process.stderr.write(`production: ${POSTGRES_MISSING_MESSAGE}`);

function requirePostgresBin(): string {
  if (postgresBin === null) throw new Error('PostgreSQL binaries required under CI=true (apt-get install postgresql)');
  return postgresBin;
}

if (withPostgres) {
  describe('a production process (the built server on PostgreSQL, against a stand-in WeChat)', () => {
    let cluster: PostgresCluster;
    let wechat: HeldWechat;
    let dataDir: string;
    const running: ServerProcess[] = [];
    /** Every credential the process saw or handed out: none may reach its log. */
    const secrets: string[] = [APP.secret];

    async function start(database: string, extra: Record<string, string> = {}): Promise<{ server: ServerProcess; url: string; port: number }> {
      const server = spawnBuiltServer(built, {
        ...COMPLETE,
        DATABASE_URL: await cluster.createDatabase(database),
        WECHAT_API_BASE: wechat.url,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dataDir, database),
        ...extra,
      });
      running.push(server);
      const url = await listeningUrl(server);
      return { server, url, port: Number(new URL(url).port) };
    }

    async function login(url: string, code: string): Promise<HttpResult> {
      secrets.push(code);
      const result = await http(`${url}/api/auth/login`, jsonRequest('POST', { code }));
      if (result.status === 200) secrets.push(field<string>(result.body, 'token'));
      return result;
    }

    beforeAll(async () => {
      cluster = await startPostgresCluster(requirePostgresBin());
      wechat = await startHeldWechat(APP);
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'production-test-'));
    });
    afterAll(async () => {
      for (const server of running) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await Promise.all(running.map((server) => server.exited));
      await wechat.close();
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    describe('one instance, from start to SIGTERM', () => {
      let server: ServerProcess;
      let url: string;
      let port: number;

      beforeAll(async () => {
        ({ server, url, port } = await start('prod_main'));
      });

      test('logs in through WeChat with the configured AppSecret; a code WeChat refuses is INVALID_CODE (no development user)', async () => {
        const first = await login(url, 'code-PROD-0001');
        expect(first.status).toBe(200);
        expect(field<boolean>(first.body, 'isNew')).toBe(true);
        const me = await http(`${url}/api/user/me`, { headers: { authorization: `Bearer ${field<string>(first.body, 'token')}` } });
        expect(me.status).toBe(200);
        const refusedLogin = await login(url, `${REFUSED_CODE_PREFIX}PROD-0002`);
        expect(refusedLogin.status).toBe(400);
        expect(refusedLogin.body).toEqual({ error: { code: 'INVALID_CODE', message: expect.any(String) } });
        // A token misplaced in a query string is logged censored.
        expect((await http(`${url}/api/health?access_token=${field<string>(first.body, 'token')}`)).status).toBe(200);
      });

      test('has no WeChat emulator: /__wechat is 404 like any unknown route', async () => {
        for (const [method, route] of [['POST', '/__wechat/control/login-code'], ['GET', '/__wechat/sns/jscode2session?js_code=x']] as const) {
          const result = await http(`${url}${route}`, { method });
          expect(result.status).toBe(404);
          expect(result.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
        }
      });

      test('/api/health: 200 while PostgreSQL answers, 503 naming the database while it is down, 200 once it is back', async () => {
        expect((await http(`${url}/api/health`)).body).toEqual({ status: 'ok' });
        await cluster.halt();
        const down = await http(`${url}/api/health`);
        expect(down.status).toBe(503);
        expect(down.body).toEqual({ error: { code: 'UNAVAILABLE', message: 'not answering: database' } });
        await cluster.resume();
        const back = await healthUntil(url, (result) => result.status === 200);
        expect(back.status).toBe(200);
        expect(back.body).toEqual({ status: 'ok' });
      });

      test('SIGTERM: no new connections, idle ones closed, the login in flight answered, health 503 meanwhile, exit 0', async () => {
        const idle = await connect(port);
        idle.send(HEALTH_BYTES);
        expect((await idle.answered(1)).map((response) => response.status)).toEqual([200]);
        const busy = await connect(port);
        busy.send(loginBytes('held-PROD-0003'));
        secrets.push('held-PROD-0003');
        await wechat.arrived('held-PROD-0003');
        const pid = server.child.pid ?? 0;
        expect(await listeningPorts(pid)).toEqual([port]);

        server.child.kill('SIGTERM');
        await server.line((line) => logMessage(line)?.startsWith('shutdown: draining') === true);
        // A request on a connection that is still open while draining: queued behind the login in flight.
        busy.send(HEALTH_BYTES);
        await idle.closed;
        expect(await listeningPorts(pid)).toEqual([]);

        wechat.release('held-PROD-0003');
        await busy.closed;
        const [loggedIn, health] = responsesIn(busy.received());
        expect(loggedIn?.status).toBe(200);
        const token = field<string>(JSON.parse(loggedIn?.body ?? '{}'), 'token');
        secrets.push(token);
        expect(health?.status).toBe(503);
        expect(health?.headers.connection).toBe('close');
        expect(JSON.parse(health?.body ?? '{}')).toEqual({ error: { code: 'UNAVAILABLE', message: 'this instance is shutting down' } });

        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(server.stdout.map(logMessage)).toContain('shutdown: every request answered');
        // Nothing from the load guard either: no TypeScript, no tsx/typescript, no emulator was ever loaded.
        expect(server.stderr.filter((line) => line !== '')).toEqual([]);
      });

      test('its stdout is JSON log lines only, with no AppSecret, code, token or session_key in them', () => {
        const lines = server.stdout.filter((line) => line !== '');
        expect(lines.length).toBeGreaterThan(5);
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
        expect(lines.some((line) => line.includes('"url":"/api/auth/login"'))).toBe(true);
        const log = lines.join('\n');
        expect(log).toContain('access_token=[redacted]');
        for (const secret of [...secrets, ...wechat.sessionKeys]) expect(log).not.toContain(secret);
      });
    });

    test('SIGTERM with a request that outlasts SHUTDOWN_TIMEOUT_MS: it is cut off, and the process still exits 0', async () => {
      const { server, url } = await start('prod_forced', { SHUTDOWN_TIMEOUT_MS: '300' });
      const stuck = http(`${url}/api/auth/login`, jsonRequest('POST', { code: 'held-PROD-0004' })).then(
        (result) => `answered ${result.status}`,
        () => 'cut off',
      );
      await wechat.arrived('held-PROD-0004');
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(await stuck).toBe('cut off');
      expect(server.stdout.map(logMessage)).toContain('shutdown: requests still in flight were cut off');
    });
  });
}
