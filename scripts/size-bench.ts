/**
 * `npm run bench`'s size step: the package as a mini-program downloads it. Each entry of miniprogram_dist
 * (rebuilt first when stale) with everything it requires, minified by esbuild, in UTF-8 bytes and gzipped:
 * the core (`miniprogram-login`, what every mini-program needs to log in and request) and each optional
 * entry on its own (the core it requires is counted once, in the core). Fails when the core reaches the
 * budget.
 */
import { buildSync } from 'esbuild';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { buildPackage, PACKAGE_DIR } from './prepare-client';

const BUDGET_BYTES = 10 * 1024;
const DIST = path.join(PACKAGE_DIR, 'miniprogram_dist');
const CORE = path.join(DIST, 'index.js');
/** require() name → built file; the first is the core. */
const ENTRIES: Array<[string, string]> = [
  ['miniprogram-login', CORE],
  ['miniprogram-login/messages', path.join(DIST, 'messages.js')],
  ['miniprogram-login/api', path.join(DIST, 'api.js')],
];

interface Size {
  minified: number;
  gzipped: number;
}

function measure(file: string): Size {
  const [output] = buildSync({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'cjs',
    target: 'es2015',
    platform: 'neutral',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
    external: file === CORE ? [] : [CORE],
  }).outputFiles;
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${file}`);
  return { minified: output.contents.byteLength, gzipped: gzipSync(output.contents).byteLength };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const line = (name: string, size: Size): string => `${name.padEnd(30)} ${kb(size.minified).padStart(8)} minified ${kb(size.gzipped).padStart(8)} minified+gzip\n`;

buildPackage();
const sizes = ENTRIES.map(([name, file]): [string, Size] => [name, measure(file)]);
const total = sizes.reduce((sum, [, size]) => ({ minified: sum.minified + size.minified, gzipped: sum.gzipped + size.gzipped }), { minified: 0, gzipped: 0 });
for (const [name, size] of sizes) process.stdout.write(line(name, size));
process.stdout.write(line('all entries (the demo)', total));
const core = sizes[0]?.[1].minified ?? Infinity;
process.stdout.write(`miniprogram-login core: ${kb(core)} minified (budget ${kb(BUDGET_BYTES)})\n`);
if (core >= BUDGET_BYTES) {
  process.stderr.write(`miniprogram-login's core is over its size budget by ${kb(core - BUDGET_BYTES)}\n`);
  process.exitCode = 1;
}
