/**
 * jest globalSetup: one temp dir per `jest` run, handed to its workers through the environment, for what
 * one run computes once (DevTools' build, test/support/devtools-build.ts); and the demo made ready the
 * way a mini-program uses miniprogram-login (the package built, npm install, packNpm: scripts/prepare-demo.ts,
 * each step skipped when current). run-dir-teardown.js removes the dir.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function setup() {
  process.env.MP_TEST_RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-test-run-'));
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'prepare-demo.ts')], { cwd: root, stdio: 'inherit' });
};
