/** Finds the file a mini-program's require() means, as WeChat finds it: never through node_modules. */
import * as fs from 'fs';
import * as path from 'path';

const CANDIDATES = ['.ts', '.js', '/index.ts', '/index.js', '.json', ''];

/** `base` with WeChat's suffixes tried in order (.ts, .js, index files, .json); a .d.ts only as the last resort. */
export function resolveBase(base: string, request: string, fromDir: string): string {
  for (const suffix of CANDIDATES) {
    const candidate = base + suffix;
    if (candidate.endsWith('.d.ts')) continue;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  if (fs.existsSync(`${base}.d.ts`)) return `${base}.d.ts`;
  throw new Error(`cannot find mini-program module "${request}" from ${fromDir}`);
}

/**
 * A package as WeChat finds it: `miniprogram_npm/<name>` in the requiring file's folder or the nearest
 * one above it, up to the mini-program root (DevTools' 构建 npm puts it there); never node_modules.
 * `require('<name>/other')` finds the package's other.js.
 */
function resolvePackage(root: string, fromDir: string, request: string): string {
  for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'miniprogram_npm', request);
    if (fs.existsSync(candidate) || fs.existsSync(`${candidate}.js`)) return resolveBase(candidate, request, fromDir);
    if (dir === root) break;
  }
  throw new Error(`cannot find npm package "${request}" from ${fromDir}: no miniprogram_npm has it (run 构建 npm / packNpm first)`);
}

/** `request` as required from `fromDir`: relative, root-absolute ('/utils/x'), or a miniprogram_npm package. */
export function resolveModule(root: string, fromDir: string, request: string): string {
  if (!request.startsWith('.') && !request.startsWith('/')) return resolvePackage(root, fromDir, request);
  return resolveBase(request.startsWith('/') ? path.join(root, request) : path.resolve(fromDir, request), request, fromDir);
}
