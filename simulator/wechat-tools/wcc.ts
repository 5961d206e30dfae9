import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** A node of the virtual tree wcc's render functions return: a tag with attributes and children, or text. */
export interface WccElement {
  tag: string;
  attr?: Record<string, unknown>;
  children?: WccNode[];
}
export type WccNode = WccElement | string;

/** A compiled template: page or component data → the tree WeChat renders (`{tag: 'wx-page', children}`). */
export type WccRender = (data: Record<string, unknown>) => WccElement;

export interface CompiledTemplates {
  /** Root-relative .wxml paths that were compiled, sorted. */
  readonly files: string[];
  /** The render function of `file` (e.g. 'pages/index/index.wxml'). */
  render(file: string): WccRender;
}

const WCC_BINARIES: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux/wcc', darwin: 'mac/wcc', win32: 'windows/wcc.exe' };

function wccBinary(): string {
  const relative = WCC_BINARIES[process.platform];
  if (!relative) throw new Error(`miniprogram-compiler ships no wcc for ${process.platform}`);
  return ensureExecutable(path.join(path.dirname(createRequire(__filename).resolve('miniprogram-compiler/package.json')), 'bin', relative));
}

/**
 * miniprogram-compiler's tarball holds its Linux binaries without the execute bit, and `npm ci` keeps that
 * mode; the package's own wrapper chmods before every run, so whether wcc could be spawned depended on which
 * test ran first. Adds the execute bits to `file` when they are missing and returns it.
 */
export function ensureExecutable(file: string): string {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, fs.statSync(file).mode | 0o111);
  }
  return file;
}

function listWxml(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listWxml(root, relative);
    return entry.name.endsWith('.wxml') ? [relative] : [];
  });
}

function usingComponents(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, unknown> };
  return Object.keys(json.usingComponents ?? {});
}

/**
 * wcc's `-cc` argument: how many templates use custom components, then per template its path, the count
 * and the tags. App-level `usingComponents` (app.json) count for every template, as on WeChat; the
 * package's own wxmlToJs reads only each template's json.
 */
function componentArgument(root: string, files: readonly string[]): string {
  const global = usingComponents(path.join(root, 'app.json'));
  const entries = files.flatMap((file) => {
    const tags = [...new Set([...global, ...usingComponents(path.join(root, file.replace(/\.wxml$/, '.json')))])];
    return tags.length > 0 ? [`${file} ${tags.length} ${tags.join(' ')}`] : [];
  });
  return [String(entries.length), ...entries].join(' ');
}

/**
 * WeChat's WXML compiler (wcc, from the miniprogram-compiler package) over every .wxml under `root`. A
 * syntax error throws with wcc's own message. The generated code runs in a fresh vm context that has the
 * `window` global it expects, so nothing leaks into the caller's globals.
 */
export function compileWxml(root: string): CompiledTemplates {
  const files = listWxml(root).sort();
  const wcc = spawnSync(wccBinary(), ['-d', '-cc', componentArgument(root, files), ...files, '-gn', '$gwx'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (wcc.error) throw wcc.error;
  if (wcc.status !== 0) throw new Error(`wcc could not compile the WXML of ${root}:\n${wcc.stderr.toString().trim()}`);
  const context = vm.createContext({});
  vm.runInContext('window = this;', context);
  const gwx = vm.runInContext(`${wcc.stdout.toString()};\n$gwx`, context, { filename: `wcc(${root})` }) as (file: string) => unknown;
  return {
    files,
    render(file) {
      const generate = gwx(file);
      if (typeof generate !== 'function') throw new Error(`wcc compiled no template ${file} (compiled: ${files.join(', ')})`);
      return (data) => (generate as (data: unknown, env: unknown, global: unknown) => WccElement)(data, {}, {});
    },
  };
}
