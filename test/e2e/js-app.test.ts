/**
 * @jest-environment node
 *
 * miniprogram-login as any mini-program gets it: a plain JavaScript mini-program with `Page()` pages
 * (test/fixtures/js-app, copied to a temp dir) installs the package's `npm pack` tarball with npm, builds
 * npm with DevTools' packNpm, and runs under the headless runtime against three real backends: the
 * companion server (the package's defaults), a litemall-shaped one and one that takes the token in the
 * query (test/support/shaped-backends.ts), configured with the README's own snippets. Each: the silent
 * login at launch, an authenticated request, the one re-login and replay once the backend dropped the
 * token, logout (the token revoked on the server).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startServer, type RunningServer } from '../../server/start';
import { createHeadlessRuntime, type HeadlessRuntime } from '../../simulator/runtime';
import { packNpm } from '../../simulator/wechat-tools/pack-npm';
import type { SimPage } from '../../simulator/types';
import { frontPage, tapFront } from '../support/front-page';
import { buildPackage, PACKAGE_DIR, REPO_ROOT } from '../../scripts/prepare-client';
import { startShapedBackend, type Dialect, type ShapedBackend } from '../support/shaped-backends';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'js-app');
const SETUP_MS = 120_000;

let tmp: string;
let installed: string;
let server: RunningServer;

/** `npm pack` of the package into `dir`; the tarball's path. */
function packTarball(dir: string): string {
  buildPackage();
  const output = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  return path.join(dir, output.trim().split('\n').at(-1) ?? '');
}

/** The README's `configure({...})` snippet that mentions `marker`, as the object it passes. */
function readmeConfig(marker: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n(configure\(\{[\s\S]*?\}\);)\n```/g)].map((match) => match[1] ?? '').find((code) => code.includes(marker));
  if (block === undefined) throw new Error(`README has no configure snippet with ${marker}`);
  return block.slice('configure('.length, -');'.length);
}

interface Target {
  dialect: 'contract' | Dialect;
  loginPath: string;
  mePath: string;
  marker: string;
}

const TARGETS: Target[] = [
  { dialect: 'contract', loginPath: '/api/auth/login', mePath: '/api/user/me', marker: '' },
  { dialect: 'litemall', loginPath: '/wx/auth/login_by_weixin', mePath: '/wx/user/info', marker: 'login_by_weixin' },
  { dialect: 'query', loginPath: '/auth/wechat', mePath: '/me', marker: "query: 'access_token'" },
];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-js-app-'));
  installed = path.join(tmp, 'installed');
  fs.cpSync(FIXTURE, installed, { recursive: true });
  const tarball = packTarball(tmp);
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: path.join(installed, 'miniprogram') });
  await packNpm(installed);
  server = await startServer({ port: 0, dataDir: path.join(tmp, 'data'), mode: 'test', logger: false });
}, SETUP_MS);

afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

it('installs from the tarball the ecosystem way: package.json, node_modules, miniprogram_npm with the built entry', () => {
  const root = path.join(installed, 'miniprogram');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  expect(manifest.dependencies?.['miniprogram-login']).toMatch(/\.tgz$/);
  expect(fs.lstatSync(path.join(root, 'node_modules', 'miniprogram-login')).isSymbolicLink()).toBe(false);
  expect(fs.readdirSync(path.join(root, 'node_modules', 'miniprogram-login')).sort()).toEqual(['miniprogram_dist', 'package.json']);
  expect(fs.existsSync(path.join(root, 'miniprogram_npm', 'miniprogram-login', 'index.js'))).toBe(true);
});

describe.each(TARGETS)('against the $dialect backend', ({ dialect, loginPath, mePath, marker }) => {
  let rt: HeadlessRuntime;
  let shaped: ShapedBackend | null = null;
  const thrown: string[] = [];
  const urls: string[] = [];

  /** Login requests the mini-program sent. */
  function logins(): number {
    return urls.filter((url) => new URL(url).pathname === loginPath).length;
  }

  const page = (): SimPage => frontPage(rt);
  const tap = (selector: string): Promise<void> => tapFront(rt, selector);

  function token(): string | null {
    const stored: unknown = rt.wx.getStorageSync('session.v1');
    return typeof stored === 'object' && stored !== null && 'token' in stored && typeof stored.token === 'string' ? stored.token : null;
  }

  async function serverAccepts(value: string): Promise<boolean> {
    if (shaped === null) return (await fetch(`${server.url}/api/user/me`, { headers: { Authorization: `Bearer ${value}` } })).status === 200;
    return shaped.activeTokens() > 0;
  }

  beforeAll(async () => {
    const projectRoot = path.join(tmp, dialect);
    fs.cpSync(installed, projectRoot, { recursive: true });
    if (dialect !== 'contract') {
      shaped = await startShapedBackend(dialect, `${server.url}/__wechat`);
      const source = `const config = ${readmeConfig(marker)};\nconfig.baseUrl = ${JSON.stringify(shaped.url)};\nmodule.exports = { config, mePath: ${JSON.stringify(mePath)} };\n`;
      fs.writeFileSync(path.join(projectRoot, 'miniprogram', 'backend.js'), source);
    }
    rt = await createHeadlessRuntime({ projectRoot, serverUrl: server.url, openid: `o-js-app-${dialect}` });
    rt.on('exception', (error) => thrown.push(error.stack || error.message));
    rt.onExchange((exchange) => urls.push(exchange.url));
    await rt.launch();
    await rt.idle();
  }, SETUP_MS);

  afterAll(async () => {
    await rt?.close();
    await shaped?.close();
  });

  afterEach(() => {
    expect(thrown).toEqual([]);
  });

  it('logs in silently at launch, and loginBehavior puts the state in the Page() page', async () => {
    await rt.waitFor(() => page().data('login.status') === 'logged-in', 'the launch login in the page data');
    expect(page().$('#status')?.text()).toBe('logged-in');
    expect(logins()).toBe(1);
  });

  it('makes an authenticated request with the session token', async () => {
    await tap('#load');
    const me = page().data('me') as { id: number } | null;
    expect(me?.id).toEqual(expect.any(Number));
    expect(page().$('#user')?.text()).toBe(String(me?.id));
  });

  it('a token the backend dropped: one re-login, the request replayed, the same user', async () => {
    const before = token();
    const user = (page().data('me') as { id: number }).id;
    if (shaped === null) await server.db.deleteFrom('tokens').execute();
    else shaped.revokeAll();
    await page().setData({ me: null });

    await tap('#load');

    expect((page().data('me') as { id: number } | null)?.id).toBe(user);
    expect(token()).not.toBe(before);
    expect(logins()).toBe(2);
    expect(urls.filter((url) => new URL(url).pathname === mePath)).toHaveLength(3);
    expect(page().data('message')).toBe('');
  });

  it('logs out: the state follows and the backend no longer accepts the token', async () => {
    const value = token();
    if (value === null) throw new Error('no stored token before logout');
    await tap('#logout');
    expect(page().$('#status')?.text()).toBe('logged-out');
    expect(token()).toBeNull();
    expect(await serverAccepts(value)).toBe(false);
  });
});
