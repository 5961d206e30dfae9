import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOCUMENTED_SITE, nginxSite } from '../../server/dev/nginx';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from '../../server/dev/postgres-cluster';
import { S3_VARIABLES } from '../../server/shared-state-config';
import { startServer, type RunningServer } from '../../server/start';
import { call, field } from './support/client';

/** docs/deploy.md shows what the tests run: its nginx site, its variables, its SQLite → PostgreSQL block. */
const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

async function deployDoc(): Promise<string> {
  return readFile(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
}

/** The body of the first ```lang block after `heading`. */
function blockAfter(doc: string, heading: string, lang: string): string {
  const from = doc.indexOf(heading);
  expect(from).toBeGreaterThanOrEqual(0);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(doc.slice(from));
  if (match?.[1] === undefined) throw new Error(`no \`\`\`${lang} block after ${heading}`);
  return match[1];
}

test('the nginx configuration in docs/deploy.md is the template the cluster suite runs', async () => {
  expect(blockAfter(await deployDoc(), '## nginx', 'nginx')).toBe(nginxSite(DOCUMENTED_SITE));
});

/** Every NAME in `env.NAME` of the server's own sources (not its throwaway dev services, not the bench). */
async function variablesTheServerReads(): Promise<string[]> {
  const serverDir = path.join(ROOT, 'server');
  const files = (await readdir(serverDir, { recursive: true })).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.startsWith(`dev${path.sep}`) && !name.startsWith(`bench${path.sep}`),
  );
  const names = new Set<string>(S3_VARIABLES);
  for (const file of files) {
    for (const match of (await readFile(path.join(serverDir, file), 'utf8')).matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(match[1] ?? '');
  }
  return [...names].sort();
}

test("docs/deploy.md's environment table lists every variable the server reads", async () => {
  const doc = await deployDoc();
  const table = doc.slice(doc.indexOf('## Environment'), doc.indexOf('## nginx'));
  const documented = new Set([...table.matchAll(/^\| ([^|]+)\|/gm)].flatMap((row) => [...(row[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])));
  const read = await variablesTheServerReads();
  expect(read.length).toBeGreaterThan(20);
  expect(read.filter((name) => !documented.has(name))).toEqual([]);
});

describe("docs/deploy.md's move from SQLite to PostgreSQL", () => {
  let postgres: PostgresCluster;
  let dir: string;
  const servers: RunningServer[] = [];
  const start = async (options: { databaseUrl?: string; dataDir: string }): Promise<RunningServer> => {
    const server = await startServer({ ...options, port: 0, mode: 'test', logger: false, env: {} });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    const binDir = findPostgresBinDir();
    if (binDir === null) throw new Error('this test needs PostgreSQL: apt-get install postgresql');
    postgres = await startPostgresCluster(binDir);
    dir = await mkdtemp(path.join(os.tmpdir(), 'sqlite-to-postgres-'));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
    await postgres?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function logIn(server: RunningServer): Promise<{ token: string; id: number }> {
    const minted = await call(server.url, 'POST', `${server.emulatorUrl}/control/login-code`, { json: {} });
    const answer = await call(server.url, 'POST', '/api/auth/login', { json: { code: field<string>(minted.body, 'code') } });
    expect(answer.status).toBe(200);
    return { token: field<string>(answer.body, 'token') ?? '', id: field<number>(field(answer.body, 'user'), 'id') ?? 0 };
  }

  test('copies every user and token: logged-in users stay logged in, new users get new ids', async () => {
    const onSqlite = await start({ dataDir: path.join(dir, 'data') });
    const first = await logIn(onSqlite);
    const second = await logIn(onSqlite);
    expect((await call(onSqlite.url, 'PATCH', '/api/user/me', { token: first.token, json: { nickName: '小明' } })).status).toBe(200);
    await onSqlite.close();

    // Step 2: the server creates the schema in the new database.
    const databaseUrl = await postgres.createDatabase('moved');
    await (await start({ databaseUrl, dataDir: path.join(dir, 'pg-first') })).close();
    const block = blockAfter(await deployDoc(), '## From SQLite to PostgreSQL', 'sh');
    await run('bash', ['-c', `set -o pipefail\n${block}`], { cwd: dir, env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl } });

    const onPostgres = await start({ databaseUrl, dataDir: path.join(dir, 'pg') });
    const mine = await call(onPostgres.url, 'GET', '/api/user/me', { token: first.token });
    expect(mine.status).toBe(200);
    expect(field(mine.body, 'id')).toBe(first.id);
    expect(field(mine.body, 'nickName')).toBe('小明');
    expect(field((await call(onPostgres.url, 'GET', '/api/user/me', { token: second.token })).body, 'id')).toBe(second.id);
    expect((await logIn(onPostgres)).id).toBe(second.id + 1);
  }, 60_000);
});
