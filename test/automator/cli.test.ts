/** `npm run simulator` end to end: the printed endpoint answers the official client, SIGTERM stops it cleanly. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import automator from 'miniprogram-automator';
import { currentPage, shows } from './support/client';
import { eventually } from './support/poll';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

it('serves the mini-program on the printed ws:// URL and exits 0 on SIGTERM', async () => {
  const started = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'simulator/automator/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, AUTOMATOR_PORT: '0', SERVER_URL: '' },
  });
  child = started;
  let output = '';
  started.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  started.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));

  const wsEndpoint = await eventually(() => /listening on (ws:\/\/\S+)/.exec(output)?.[1], 'the listening line', 30_000);
  const miniProgram = await automator.connect({ wsEndpoint });
  const page = await currentPage(miniProgram);
  expect(page.path).toBe('pages/index/index');
  expect(await (await shows(page, '#profile-sub')).text()).toBe('未绑定手机号');
  miniProgram.disconnect();

  started.kill('SIGTERM');
  expect(await exited).toBe(0);
});
