/**
 * WeChat's own WXSS compiler (wcsc) over every mini-program of the repository: each .wxss compiles, rpx
 * and @import come out as a phone gets them, and a syntax error fails with the compiler's message.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileWxss, WxssCompileError } from '../../simulator/wechat-tools/wcsc';

const REPOSITORY = path.resolve(__dirname, '..', '..');

/** Every mini-program root in the repository: the app and each fixture (a folder with an app.json). */
function miniprogramRoots(): string[] {
  const roots = [path.join(REPOSITORY, 'miniprogram')];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const child = path.join(dir, entry.name);
      if (entry.name === 'miniprogram' && fs.existsSync(path.join(child, 'app.json'))) roots.push(child);
      else walk(child);
    }
  };
  walk(path.join(REPOSITORY, 'test'));
  return roots;
}

describe.each(miniprogramRoots().map((root) => [path.relative(REPOSITORY, root), root]))('%s', (_name, root) => {
  it('compiles every .wxss with wcsc', () => {
    const compiled = compileWxss(root);
    const onDisk: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(relative);
        else if (entry.name.endsWith('.wxss')) onDisk.push(relative);
      }
    };
    walk('');
    const imported = (file: string): boolean =>
      onDisk.some((other) => fs.readFileSync(path.join(root, other), 'utf8').includes(path.posix.basename(file)) && other !== file);
    expect(onDisk.filter((file) => !compiled.files.includes(file) && !imported(file))).toEqual([]);
    expect(compiled.files.length).toBeGreaterThan(0);
    for (const file of compiled.files) expect(() => compiled.css(file, { deviceWidth: 375 })).not.toThrow();
  });
});

describe('the CSS a phone gets', () => {
  const compiled = compileWxss(path.join(REPOSITORY, 'miniprogram'));

  it('turns rpx into px for the screen width, `page` into body, and inlines @import', () => {
    const app = compiled.css('app.wxss', { deviceWidth: 375 });
    expect(app).toMatch(/^body \{/);
    expect(app).toContain('font-size: 16px');
    const index = compiled.css('pages/index/index.wxss', { deviceWidth: 375 });
    // `.state` lives in pages/common.wxss, which index.wxss @imports; its padding is in rpx.
    expect(index).toContain('.state {');
    expect(index).toContain('padding: 80px 24px 0');
    expect(compiled.css('pages/index/index.wxss', { deviceWidth: 414 })).toContain('padding: 88px 26px 0');
  });

  it("prefixes a component's classes", () => {
    const css = compiled.css('components/privacy-popup/privacy-popup.wxss', { deviceWidth: 375, prefix: 'pp--' });
    expect(css).toContain('.pp--privacy-mask {');
    expect(css).not.toMatch(/^\.privacy-/m);
  });
});

describe('a broken stylesheet', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wcsc-broken-'));
    fs.mkdirSync(path.join(root, 'pages', 'a'), { recursive: true });
    fs.writeFileSync(path.join(root, 'app.wxss'), 'page { color: #000; }\n');
    fs.writeFileSync(path.join(root, 'pages', 'a', 'a.json'), '{}');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fails the compile with the file, line and column wcsc reports', () => {
    fs.writeFileSync(path.join(root, 'pages', 'a', 'a.wxss'), '.a { color: red; }}\n');
    expect(() => compileWxss(root)).toThrow(WxssCompileError);
    expect(() => compileWxss(root)).toThrow('pages/a/a.wxss(1:19)');
  });

  it('fails on an @import of a file that is not there', () => {
    fs.writeFileSync(path.join(root, 'pages', 'a', 'a.wxss'), '@import "missing.wxss";\n');
    expect(() => compileWxss(root)).toThrow('missing.wxss');
  });
});
