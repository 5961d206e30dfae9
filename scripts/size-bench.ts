/**
 * `npm run bench`'s size step: the package as a mini-program downloads it, i.e. the built entry
 * (miniprogram_dist/index.js, rebuilt first when stale) minified by esbuild, in UTF-8 bytes and gzipped.
 * Fails when the minified size reaches the budget.
 */
import { buildSync } from 'esbuild';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { buildPackage, PACKAGE_DIR } from './prepare-client';

const BUDGET_BYTES = 10 * 1024;

buildPackage();
const [output] = buildSync({
  entryPoints: [path.join(PACKAGE_DIR, 'miniprogram_dist', 'index.js')],
  bundle: true,
  minify: true,
  format: 'cjs',
  target: 'es2015',
  platform: 'neutral',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
}).outputFiles;
if (output === undefined) throw new Error('esbuild wrote nothing');
const minified = output.contents.byteLength;
const gzipped = gzipSync(output.contents).byteLength;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
process.stdout.write(`miniprogram-login size: ${kb(minified)} minified, ${kb(gzipped)} minified+gzip (budget ${kb(BUDGET_BYTES)} minified)\n`);
if (minified >= BUDGET_BYTES) {
  process.stderr.write(`miniprogram-login is over its size budget by ${kb(minified - BUDGET_BYTES)}\n`);
  process.exitCode = 1;
}
