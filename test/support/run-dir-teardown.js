/** jest globalTeardown: removes the run's temp dir (run-dir-setup.js). */
const fs = require('fs');

module.exports = async function teardown() {
  const dir = process.env.MP_TEST_RUN_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
