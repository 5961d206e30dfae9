import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { startServer } from '../../server/start';
import { login } from './support/harness';

jest.setTimeout(60_000);

const run = promisify(execFile);
const SQLITE = 'miniprogram-login.sqlite';
/**
 * Root writes anything whatever the mode bits: as root, the child runs without CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (util-linux's setpriv), so the modes hold for it. Unlike switching to another user, it
 * still reads the checkout wherever that is, a private 0700 temp dir included.
 */
function withoutPermissionOverride(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--bounding-set', '-dac_override,-dac_read_search', '--', command, ...args]];
}

/** Starts the server on `dataDir` in another process that the folder's modes apply to. */
async function startElsewhere(dataDir: string): Promise<string> {
  const script = `require(${JSON.stringify(path.resolve(__dirname, '../../server/start'))})
    .startServer({ port: 0, mode: 'test', logger: false, env: {}, dataDir: ${JSON.stringify(dataDir)} })
    .then(async (s) => { await fetch(s.url + '/api/health'); process.stdout.write('started'); await s.close(); },
          (e) => { process.stdout.write('refused: ' + e.message); });`;
  const [command, args] = withoutPermissionOverride(path.resolve(__dirname, '../../node_modules/.bin/tsx'), ['-e', script]);
  const { stdout } = await run(command, args, { env: { ...process.env, HOME: os.tmpdir() }, timeout: 30_000 });
  return stdout;
}

describe('a SQLite data folder that cannot be written', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'read-only-data-'));
    const server = await startServer({ port: 0, mode: 'test', logger: false, env: {}, dataDir });
    await login(server);
    // Keep the -wal and -shm a crash would leave: a clean close checkpoints and removes them.
    const file = path.join(dataDir, SQLITE);
    const held = new BetterSqlite3(file);
    await copyFile(`${file}-wal`, `${file}-wal.kept`);
    await copyFile(`${file}-shm`, `${file}-shm.kept`);
    held.close();
    await server.close();
    await rename(`${file}-wal.kept`, `${file}-wal`);
    await rename(`${file}-shm.kept`, `${file}-shm`);
    for (const name of await readdir(dataDir)) await chmod(path.join(dataDir, name), 0o444);
    await chmod(path.join(dataDir, 'uploads'), 0o555).catch(() => undefined);
    await chmod(dataDir, 0o555);
  });
  afterAll(async () => {
    await chmod(dataDir, 0o755);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('with leftover -wal/-shm files the server refuses to start instead of reporting healthy', async () => {
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining([`${SQLITE}-wal`, `${SQLITE}-shm`]));
    expect(await startElsewhere(dataDir)).toMatch(/^refused: the SQLite database .* does not take writes/);
  });
});
