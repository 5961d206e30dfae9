import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { resolveBase, resolveModule } from './module-resolution';

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

/** One launch's modules: the registry and the globals every module is evaluated with. */
interface LoaderState {
  root: string;
  registry: Map<string, ModuleRecord>;
  names: string[];
  values: unknown[];
}

/** Compiles a module as CommonJS, with WeChat's globals as parameters; the returned function runs it. */
function compile(state: LoaderState, resolved: string, record: ModuleRecord): () => void {
  const localRequire = (request: string): unknown => load(state, resolveModule(state.root, path.dirname(resolved), request));
  const factory = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    ...state.names,
    `${transpile(resolved)}\n//# sourceURL=${resolved}`,
  ) as (...args: unknown[]) => void;
  return () => factory(record.exports, localRequire, record, resolved, path.dirname(resolved), ...state.values);
}

function load(state: LoaderState, file: string): unknown {
  const { root, registry } = state;
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
  const execute = compile(state, resolved, record);
  try {
    execute();
  } catch (error) {
    registry.delete(resolved);
    throw error;
  }
  return record.exports;
}

function run(state: LoaderState, source: string, args: unknown[], extra: Readonly<Record<string, unknown>> = {}): unknown {
  const { names, values } = state;
  const extraNames = Object.keys(extra).filter((name) => !names.includes(name));
  const factory = new Function(...names, ...extraNames, `return (${source});`) as (...scope: unknown[]) => unknown;
  const fn = factory(...values, ...extraNames.map((name) => extra[name]));
  if (typeof fn !== 'function') throw new Error('evaluate: the source is not a function declaration');
  return (fn as (...fnArgs: unknown[]) => unknown)(...args);
}

/**
 * A fresh module registry per app launch: WeChat drops all module state when the app is killed, and the
 * same code must run unchanged under jest and plain Node, so the runtime transpiles and evaluates the
 * mini-program's modules itself rather than going through either module system.
 */
export function createModuleLoader(root: string, globals: AppGlobals): ModuleLoader {
  const names = Object.keys(globals);
  const state: LoaderState = { root, registry: new Map(), names, values: names.map((name) => globals[name]) };
  return {
    load: (file) => load(state, file),
    resolve: (fromDir, request) => resolveModule(root, fromDir, request),
    run: (source, args, extra) => run(state, source, args, extra),
  };
}
