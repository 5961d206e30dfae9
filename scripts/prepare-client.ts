/**
 * Gets a mini-program ready to run with miniprogram-login the ecosystem's way: the package built, the
 * mini-program's own `npm install` (only when its node_modules lacks the package: the demo depends on it
 * by `file:`, which npm links without the registry), then DevTools' 构建 npm (packNpm, headless) when
 * miniprogram_npm is missing or older than the build. Each step is skipped when already current, so
 * `npm test` and `npm run demo` pay for it once.
 *
 * `tsx scripts/prepare-demo.ts` runs it for the demo.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packNpm } from '../simulator/wechat-tools/pack-npm';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const PACKAGE_DIR = path.join(REPO_ROOT, 'packages', 'miniprogram-login');

/** `npm run build`'s work: the package's miniprogram_dist, rebuilt only when a source is newer. */
export function buildPackage(): void {
  execFileSync(process.execPath, [path.join(PACKAGE_DIR, 'build.js')], { stdio: 'inherit' });
}

function mtime(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
}

/** npm install in `miniprogramRoot` when the package is not in its node_modules yet. */
export function installDependencies(miniprogramRoot: string): void {
  if (fs.existsSync(path.join(miniprogramRoot, 'node_modules', 'miniprogram-login', 'package.json'))) return;
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline'], { cwd: miniprogramRoot, stdio: 'inherit' });
}

/** packNpm of `projectRoot` unless miniprogram_npm already holds this build of the package. */
export async function buildNpm(projectRoot: string, miniprogramRoot: string): Promise<void> {
  const installed = path.join(miniprogramRoot, 'node_modules', 'miniprogram-login', 'miniprogram_dist', 'index.js');
  const packed = path.join(miniprogramRoot, 'miniprogram_npm', 'miniprogram-login', 'index.js');
  if (mtime(packed) >= mtime(fs.realpathSync(installed))) return;
  await packNpm(projectRoot);
  if (!fs.existsSync(packed)) throw new Error(`packNpm of ${projectRoot} wrote no ${path.relative(projectRoot, packed)}`);
}

/** Everything above for the demo mini-program. */
export async function prepareDemo(): Promise<void> {
  const miniprogramRoot = path.join(REPO_ROOT, 'miniprogram');
  buildPackage();
  installDependencies(miniprogramRoot);
  await buildNpm(REPO_ROOT, miniprogramRoot);
}
