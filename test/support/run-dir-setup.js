/**
 * jest globalSetup: one temp dir per `jest` run, handed to its workers through the environment, for what
 * one run computes once (DevTools' build, test/support/devtools-build.ts). run-dir-teardown.js removes it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function setup() {
  process.env.MP_TEST_RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-test-run-'));
};
