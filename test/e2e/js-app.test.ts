/**
 * @jest-environment node
 *
 * miniprogram-login as any mini-program gets it: a plain JavaScript mini-program with `Page()` pages
 * (test/fixtures/js-app, copied to a temp dir) installs the package's `npm pack` tarball with npm, builds
 * npm with DevTools' packNpm, and runs under the headless runtime against the real companion server:
 * the silent login at launch, an authenticated request, logout (the token revoked on the server).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startServer, type RunningServer } from '../../server/start';
import { createHeadlessRuntime, type HeadlessRuntime } from '../../simulator/runtime';
import { packNpm } from '../../simulator/wechat-tools/pack-npm';
import type { SimPage } from '../../simulator/types';
import { buildPackage, PACKAGE_DIR } from '../../scripts/prepare-client';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'js-app');
const SETUP_MS = 120_000;

let tmp: string;
let server: RunningServer;
let rt: HeadlessRuntime;
const thrown: string[] = [];

/** `npm pack` of the package into `dir`; the tarball's path. */
function packTarball(dir: string): string {
  buildPackage();
  const output = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  const name = output.trim().split('\n').at(-1) ?? '';
  return path.join(dir, name);
}

function page(): SimPage {
  const current = rt.currentPage();
  if (!current) throw new Error('no page is open');
  return current;
}

async function tap(selector: string): Promise<void> {
  const target = page().$(selector);
  if (!target) throw new Error(`${page().path} has no ${selector}`);
  await target.tap();
  await rt.idle();
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-js-app-'));
  const projectRoot = path.join(tmp, 'js-app');
  fs.cpSync(FIXTURE, projectRoot, { recursive: true });
  const tarball = packTarball(tmp);
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: path.join(projectRoot, 'miniprogram') });
  await packNpm(projectRoot);
  server = await startServer({ port: 0, dataDir: path.join(tmp, 'data'), mode: 'test', logger: false });
  rt = await createHeadlessRuntime({ projectRoot, serverUrl: server.url, openid: 'o-js-app' });
  rt.on('exception', (error) => thrown.push(error.stack || error.message));
  await rt.launch();
  await rt.idle();
}, SETUP_MS);

afterAll(async () => {
  await rt?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  expect(thrown).toEqual([]);
});

it('installs from the tarball the ecosystem way: package.json, node_modules, miniprogram_npm with the built entry only', () => {
  const root = path.join(tmp, 'js-app', 'miniprogram');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  expect(manifest.dependencies?.['miniprogram-login']).toMatch(/\.tgz$/);
  expect(fs.lstatSync(path.join(root, 'node_modules', 'miniprogram-login')).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(root, 'miniprogram_npm', 'miniprogram-login', 'index.js'))).toBe(true);
  expect(fs.existsSync(path.join(root, 'node_modules', 'miniprogram-login', 'src'))).toBe(false);
});

it('logs in silently at launch, and the Behavior puts the state in the Page() page', async () => {
  await rt.waitFor(() => page().data('login.status') === 'logged-in', 'the launch login in the page data');
  expect(page().$('#status')?.text()).toBe('logged-in');
  const rows = await server.db.selectFrom('users').selectAll().execute();
  expect(rows).toHaveLength(1);
});

it('makes an authenticated request with the session token', async () => {
  await tap('#load');
  const me = page().data('me') as { id: number } | null;
  expect(me?.id).toEqual(expect.any(Number));
  expect(page().$('#user')?.text()).toBe(String(me?.id));
});

it('logs out: the state follows and the token no longer works on the server', async () => {
  const stored = rt.wx.getStorageSync('session.v1') as { token: string };
  const token = stored.token;
  await tap('#logout');
  expect(page().$('#status')?.text()).toBe('logged-out');
  const answer = await fetch(`${server.url}/api/user/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(401);
});
