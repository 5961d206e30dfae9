/**
 * WeChat's WXML compiler (wcc from miniprogram-compiler) over every mini-program the project has: the
 * demo, every fixture app. A compile error fails; each page and component gets a render function.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileWxml, ensureExecutable } from '../../simulator/wechat-tools/wcc';

const repository = path.resolve(__dirname, '..', '..');

/** Every mini-program root in the repository: the demo and each fixture app. */
function miniprograms(): string[] {
  const fixtures = path.join(repository, 'test', 'fixtures');
  return [
    path.join(repository, 'miniprogram'),
    path.join(repository, 'test', 'automator', 'fixture', 'miniprogram'),
    ...fs.readdirSync(fixtures).map((name) => path.join(fixtures, name, 'miniprogram')),
  ];
}

function pagesAndComponents(root: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as { pages: string[]; usingComponents?: Record<string, string> };
  const found = new Set(app.pages.map((page) => `${page}.wxml`));
  const visit = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.wxml')) found.add(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  visit(path.join(root, 'components'));
  return [...found].sort();
}

it.each(miniprograms().map((root) => [path.relative(repository, root), root] as const))('%s compiles, every page and component renders', (_name, root) => {
  const templates = compileWxml(root);
  expect(templates.files).toEqual(pagesAndComponents(root));
  for (const file of templates.files) expect(templates.render(file)({}).tag).toBe('wx-page');
});

it('a WXML syntax error fails with wcc\'s own message', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wcc-broken-'));
  try {
    fs.writeFileSync(path.join(root, 'broken.wxml'), '<view><text>unclosed</view>\n');
    expect(() => compileWxml(root)).toThrow(/wcc could not compile the WXML of .*\n.*broken\.wxml/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

it('wcc unpacked without the execute bit, as npm ci leaves it, is made runnable', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcc-mode-'));
  try {
    const copy = path.join(dir, 'wcc');
    fs.copyFileSync(path.join(repository, 'node_modules', 'miniprogram-compiler', 'bin', 'linux', 'wcc'), copy);
    fs.chmodSync(copy, 0o644);
    expect(spawnSync(copy, ['-h']).error).toMatchObject({ code: 'EACCES' });
    expect(spawnSync(ensureExecutable(copy), ['-h']).error).toBeUndefined();
    expect(fs.statSync(copy).mode & 0o777).toBe(0o755);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
