/**
 * WeChat's own WXSS compiler, wcsc (the Linux binary in miniprogram-compiler), over a mini-program root:
 * every .wxss compiled at once as DevTools does it (rpx, @import, `page` → `body`, tag → `wx-tag`), then
 * evaluated the way the base library evaluates it, so the CSS a phone gets comes out as text for a
 * given screen width and class prefix.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Compiler {
  wxssToJs(root: string, options: { wxssList: string[] }): string;
}

type WcscRun = (root: string, files: string[]) => Record<string, string> | Error;

/** A .wxss that wcsc refused, with the compiler's own message (file, line, column). */
export class WxssCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WxssCompileError';
  }
}

export interface CompiledWxss {
  /**
   * Root-relative .wxss paths with a stylesheet of their own, e.g. 'pages/index/index.wxss', 'app.wxss'.
   * A file that is only @imported (pages/common.wxss) is compiled into the files that import it.
   */
  readonly files: readonly string[];
  /**
   * The CSS of one file for a screen `deviceWidth` px wide; `prefix` goes before every class name of the
   * file (how WeChat scopes a custom component's styles to its own template).
   */
  css(file: string, options: { deviceWidth: number; prefix?: string }): string;
}

function listWxss(root: string, dir = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'miniprogram_npm') found.push(...listWxss(root, relative));
    else if (entry.isFile() && entry.name.endsWith('.wxss')) found.push(relative);
  }
  return found.sort();
}

/**
 * wcsc reads the app's stylesheet only under the name `./app.wxss`: given as `app.wxss` (what wxssToJs
 * globs by default) it compiles it to nothing.
 */
function compilerName(file: string): string {
  return file === 'app.wxss' ? './app.wxss' : file;
}

/** What the base library hands the compiled code: a screen, and a style sheet manager that receives the CSS. */
function evaluate(source: string, deviceWidth: number, sink: (css: string) => void): (file: string) => unknown {
  const window = {
    screen: { width: deviceWidth, height: 0 },
    devicePixelRatio: 2,
    __styleSheetManager2__: { addItem: (): void => undefined, setCss: (_key: string, css: string): void => sink(css) },
  };
  // iPhone: a hairline (1rpx on a 375px screen) stays 0.5px instead of being rounded up to 1px.
  const navigator = { userAgent: 'iPhone' };
  const factory = new Function('window', 'navigator', 'document', source) as (w: unknown, n: unknown, d: unknown) => (file: string) => unknown;
  return factory(window, navigator, {});
}

export function compileWxss(root: string): CompiledWxss {
  const files = listWxss(root);
  const wxssList = files.map(compilerName);
  const compiler = require('miniprogram-compiler') as Compiler;
  let source: string;
  try {
    source = compiler.wxssToJs(root, { wxssList });
  } catch {
    // wxssToJs turns wcsc's error into a TypeError; run wcsc itself for the compiler's message.
    const run = require('miniprogram-compiler/src/wcsc') as WcscRun;
    const result = run(root, wxssList.map((file) => file.slice(0, -'.wxss'.length)));
    throw new WxssCompileError(result instanceof Error ? result.message : `wcsc failed on ${root}`);
  }
  const entries = evaluate(source, 375, () => undefined);
  return {
    files: files.filter((file) => typeof entries(compilerName(file)) === 'function'),
    css(file, options) {
      let css = '';
      const lookup = evaluate(source, options.deviceWidth, (text) => {
        css = text;
      });
      const rewrite = lookup(compilerName(file));
      if (typeof rewrite !== 'function') throw new Error(`${file} is not one of the compiled stylesheets of ${root}`);
      (rewrite as (suffix: string, opt: { deviceWidth: number }) => void)(options.prefix ?? '', { deviceWidth: options.deviceWidth });
      return css;
    },
  };
}
