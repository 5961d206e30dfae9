/**
 * Builds miniprogram_dist/: index.js (one CommonJS ES2015 file, esbuild, so the helpers that ES2015 needs for
 * async functions appear once) and the .d.ts files (tsc, which also type-checks). Skips the work when every
 * output is newer than every source; `--force` rebuilds anyway.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = __dirname;
const src = path.join(root, 'src');
const dist = path.join(root, 'miniprogram_dist');
const entry = path.join(dist, 'index.js');

function newestSource() {
  const inputs = [path.join(root, 'tsconfig.json'), __filename, ...fs.readdirSync(src).map((file) => path.join(src, file))];
  return Math.max(...inputs.map((file) => fs.statSync(file).mtimeMs));
}

function upToDate() {
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(dist, 'index.d.ts'))) return false;
  const built = Math.min(fs.statSync(entry).mtimeMs, fs.statSync(path.join(dist, 'index.d.ts')).mtimeMs);
  return built >= newestSource();
}

function build() {
  fs.rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--emitDeclarationOnly'], { stdio: 'inherit' });
  require('esbuild').buildSync({
    entryPoints: [path.join(src, 'index.ts')],
    outfile: entry,
    bundle: true,
    format: 'cjs',
    target: 'es2015',
    platform: 'neutral',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv.includes('--force') || !upToDate()) build();
