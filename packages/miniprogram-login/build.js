/**
 * Builds miniprogram_dist/: one CommonJS ES2015 file per entry (esbuild, so the helpers ES2015 needs appear
 * once) and the .d.ts files (tsc, which also type-checks). The entries: index.js (the core) and the optional
 * messages.js and api.js, which WeChat finds for `require('miniprogram-login/messages')` by adding `.js`; they
 * require the core as `./index` rather than carry a copy of it (one RequestError class, one app-wide client).
 * Skips the work when every output is newer than every source; `--force` rebuilds anyway.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = __dirname;
const src = path.join(root, 'src');
const dist = path.join(root, 'miniprogram_dist');
/** Each entry's name: src/<name>.ts → miniprogram_dist/<name>.js; the first is the core. */
const ENTRIES = ['index', 'messages', 'api'];
const outputs = ENTRIES.flatMap((entry) => [`${entry}.js`, `${entry}.d.ts`].map((file) => path.join(dist, file)));

function newestSource() {
  const sources = fs.readdirSync(src).map((file) => path.join(src, file));
  return Math.max(...[path.join(root, 'tsconfig.json'), __filename, ...sources].map((file) => fs.statSync(file).mtimeMs));
}

function upToDate() {
  if (!outputs.every((file) => fs.existsSync(file))) return false;
  return Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs)) >= newestSource();
}

/** An optional entry's `./index` stays a require of the core's built file, next to it. */
const coreExternal = {
  name: 'core-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, () => ({ path: './index', external: true }));
  },
};

async function build() {
  fs.rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--emitDeclarationOnly'], { stdio: 'inherit' });
  for (const entry of ENTRIES) {
    await require('esbuild').build({
      // `module.exports = ` the entry's namespace: an ES module entry would also bring esbuild's ESM-to-CommonJS
      // interop helpers, a fifth of the core's bytes, for the `__esModule` flag no mini-program reads.
      stdin: { contents: `import * as entry from './${entry}';\nexport = entry;\n`, resolveDir: src, sourcefile: `${entry}.cjs.ts`, loader: 'ts' },
      outfile: path.join(dist, `${entry}.js`),
      bundle: true,
      format: 'cjs',
      target: 'es2015',
      platform: 'neutral',
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'warning',
      plugins: entry === 'index' ? [] : [coreExternal],
    });
  }
}

if (process.argv.includes('--force') || !upToDate()) {
  build().catch((error) => {
    process.exitCode = 1;
    console.error(error);
  });
}
