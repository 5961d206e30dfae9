import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The globals WeChat gives every mini-program module; injected as parameters, not set on Node's global. */
export type AppGlobals = Readonly<Record<string, unknown>>;

export interface ModuleLoader {
  /** Runs (once per loader) and returns the exports of a mini-program module, given its path without extension or with. */
  load(file: string): unknown;
  /** Resolves `request` as the mini-program would from `fromDir`: .ts, .js, then index files, then .json. */
  resolve(fromDir: string, request: string): string;
  /** Runs a function's source with the app's globals (and `extra`) in scope. */
  run(source: string, args: unknown[], extra?: Readonly<Record<string, unknown>>): unknown;
}

interface ModuleRecord {
  exports: unknown;
}

const transpiled = new Map<string, { mtimeMs: number; code: string }>();

function transpile(file: string): string {
  const { mtimeMs } = fs.statSync(file);
  const cached = transpiled.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.code;
  const source = fs.readFileSync(file, 'utf8');
  const code = file.endsWith('.ts')
    ? ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2020,
          esModuleInterop: true,
          sourceMap: false,
        },
      }).outputText
    : source;
  transpiled.set(file, { mtimeMs, code });
  return code;
}

const CANDIDATES = ['.ts', '.js', '/index.ts', '/index.js', '.json', ''];

/**
 * A fresh module registry per app launch: WeChat drops all module state when the app is killed, and the
 * same code must run unchanged under jest and plain Node, so the runtime transpiles and evaluates the
 * mini-program's modules itself rather than going through either module system.
 */
export function createModuleLoader(root: string, globals: AppGlobals): ModuleLoader {
  const registry = new Map<string, ModuleRecord>();
  const names = Object.keys(globals);
  const values = names.map((name) => globals[name]);

  const resolve = (fromDir: string, request: string): string => {
    if (!request.startsWith('.') && !request.startsWith('/')) return resolvePackage(fromDir, request);
    return resolveBase(request.startsWith('/') ? path.join(root, request) : path.resolve(fromDir, request), request, fromDir);
  };

  /**
   * A package as WeChat finds it: `miniprogram_npm/<name>` in the requiring file's folder or the nearest
   * one above it, up to the mini-program root (DevTools' 构建 npm puts it there); never node_modules.
   * `require('<name>/other')` finds the package's other.js.
   */
  const resolvePackage = (fromDir: string, request: string): string => {
    for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'miniprogram_npm', request);
      if (fs.existsSync(candidate) || fs.existsSync(`${candidate}.js`)) return resolveBase(candidate, request, fromDir);
      if (dir === root) break;
    }
    throw new Error(`cannot find npm package "${request}" from ${fromDir}: no miniprogram_npm has it (run 构建 npm / packNpm first)`);
  };

  const resolveBase = (base: string, request: string, fromDir: string): string => {
    for (const suffix of CANDIDATES) {
      const candidate = base + suffix;
      if (candidate.endsWith('.d.ts')) continue;
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    if (fs.existsSync(`${base}.d.ts`)) return `${base}.d.ts`;
    throw new Error(`cannot find mini-program module "${request}" from ${fromDir}`);
  };

  const load = (file: string): unknown => {
    const absolute = file.startsWith(root) ? file : path.join(root, file);
    const resolved = resolveBase(absolute, file, root);
    const existing = registry.get(resolved);
    if (existing) return existing.exports;
    const record: ModuleRecord = { exports: {} };
    registry.set(resolved, record);
    if (resolved.endsWith('.d.ts')) return record.exports;
    if (resolved.endsWith('.json')) {
      record.exports = JSON.parse(fs.readFileSync(resolved, 'utf8')) as unknown;
      return record.exports;
    }
    const localRequire = (request: string): unknown => load(resolve(path.dirname(resolved), request));
    const factory = new Function(
      'exports',
      'require',
      'module',
      '__filename',
      '__dirname',
      ...names,
      `${transpile(resolved)}\n//# sourceURL=${resolved}`,
    ) as (...args: unknown[]) => void;
    try {
      factory(record.exports, localRequire, record, resolved, path.dirname(resolved), ...values);
    } catch (error) {
      registry.delete(resolved);
      throw error;
    }
    return record.exports;
  };

  const run = (source: string, args: unknown[], extra: Readonly<Record<string, unknown>> = {}): unknown => {
    const extraNames = Object.keys(extra).filter((name) => !names.includes(name));
    const factory = new Function(...names, ...extraNames, `return (${source});`) as (...scope: unknown[]) => unknown;
    const fn = factory(...values, ...extraNames.map((name) => extra[name]));
    if (typeof fn !== 'function') throw new Error('evaluate: the source is not a function declaration');
    return (fn as (...fnArgs: unknown[]) => unknown)(...args);
  };

  return { load, resolve, run };
}
