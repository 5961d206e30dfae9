/**
 * DevTools' build of a project, compiled once per test run and shared by the test files that run it
 * (test/e2e/compiled.test.ts, test/automator/compiled.test.ts, test/compile). The cache is keyed by a hash
 * of every source file and miniprogram-ci's version, under the run's own temp dir (test/support/run-dir.js),
 * so a result is never stale: a changed file is a new key, and the next run starts empty.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { devtoolsCompile, type DevToolsBuild } from '../../simulator/wechat-tools/devtools-compile';

export const RUN_DIR_ENV = 'MP_TEST_RUN_DIR';
const POLL_MS = 100;
const WAIT_LIMIT_MS = 180_000;

/** Every file DevTools compiles: node_modules is not (构建 npm has copied what it needs into miniprogram_npm). */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function sourceKey(projectRoot: string): string {
  const hash = createHash('sha256');
  const ciPackage = path.join(projectRoot, 'node_modules', 'miniprogram-ci', 'package.json');
  const inputs = [path.join(projectRoot, 'project.config.json'), ciPackage, ...listFiles(path.join(projectRoot, 'miniprogram')).sort()];
  for (const file of inputs) {
    hash.update(path.relative(projectRoot, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function waitForBuild(doneFile: string, errorFile: string): Promise<DevToolsBuild> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (Date.now() < deadline) {
    if (fs.existsSync(doneFile)) return JSON.parse(fs.readFileSync(doneFile, 'utf8')) as DevToolsBuild;
    if (fs.existsSync(errorFile)) throw new Error(fs.readFileSync(errorFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`DevTools' build ${doneFile} did not appear within ${WAIT_LIMIT_MS} ms`);
}

/** The build of `projectRoot`'s current sources: compiled by the first caller of the run, awaited by the rest. */
export async function devtoolsBuild(projectRoot: string): Promise<DevToolsBuild> {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) throw new Error(`${RUN_DIR_ENV} is not set: run under jest, whose globalSetup (test/support/run-dir-setup.js) makes the run's temp dir`);
  const base = path.join(runDir, `devtools-build-${sourceKey(projectRoot)}`);
  const doneFile = `${base}.json`;
  const errorFile = `${base}.error`;
  try {
    fs.mkdirSync(`${base}.lock`);
  } catch {
    return waitForBuild(doneFile, errorFile);
  }
  try {
    const build = await devtoolsCompile(projectRoot, base);
    fs.writeFileSync(doneFile, JSON.stringify(build));
    return build;
  } catch (error) {
    fs.writeFileSync(errorFile, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
