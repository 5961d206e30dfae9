/**
 * The automator UI tests (journey.test.ts, legacy.test.ts), unchanged, on the code a phone runs: DevTools'
 * own build of miniprogram/ (test/support/devtools-build.ts), served by the headless endpoint through
 * HEADLESS_MINIPROGRAM_DIR. Each file's tests run in a describe block of their own, with their own hooks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { devtoolsBuild } from '../support/devtools-build';
import { PROJECT_ROOT } from './support/harness';

const BUILD_ENV = 'HEADLESS_MINIPROGRAM_DIR';

beforeAll(async () => {
  process.env[BUILD_ENV] = (await devtoolsBuild(PROJECT_ROOT)).dir;
}, 240_000);

afterAll(() => {
  delete process.env[BUILD_ENV];
});

it('serves the build, not the sources: a JavaScript-only app outside the project', () => {
  const dir = process.env[BUILD_ENV] ?? PROJECT_ROOT;
  expect(path.relative(PROJECT_ROOT, dir).startsWith('..')).toBe(true);
  expect([fs.existsSync(path.join(dir, 'app.js')), fs.existsSync(path.join(dir, 'app.ts'))]).toEqual([true, false]);
});

describe('journey.test.ts on DevTools\' build', () => {
  require('./journey.test');
});

describe('legacy.test.ts on DevTools\' build', () => {
  require('./legacy.test');
});
