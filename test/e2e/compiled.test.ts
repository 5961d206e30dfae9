/**
 * @jest-environment node
 *
 * Every journey again, on the code a phone runs: DevTools' own build of miniprogram/ (miniprogram-ci
 * getCompiledResult: its TypeScript plugin, Babel to ES5, @babel/runtime helpers), loaded by the same
 * headless runtime through `miniprogramDir`. A TypeScript or ES feature that DevTools compiles differently
 * from the runtime's own transpile fails here, not on a phone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_JOURNEYS } from '../../simulator/journeys/all';
import { createWorld, type World } from '../../simulator/journeys/world';
import type { DevToolsBuild } from '../../simulator/wechat-tools/devtools-compile';
import { devtoolsBuild } from '../support/devtools-build';

jest.setTimeout(60_000);

const projectRoot = path.resolve(__dirname, '..', '..');

let build: DevToolsBuild;

beforeAll(async () => {
  build = await devtoolsBuild(projectRoot);
}, 240_000);

describe('journeys on DevTools\' build', () => {
  let world: World;

  beforeEach(async () => {
    world = await createWorld({ projectRoot, server: { wechatTimeoutMs: 800 }, devices: { miniprogramDir: build.dir } });
  });
  afterEach(async () => {
    const thrown = [...world.exceptions];
    await world.close();
    expect(thrown).toEqual([]);
  });

  it('runs the build, not the sources: ES5 pages and @babel/runtime helpers, no TypeScript', () => {
    expect(build.files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(build.files).toContain('pages/index/index.js');
    // The package as 构建 npm put it in miniprogram_npm (the core and the optional entries the demo requires),
    // compiled like the pages (its .d.ts files left out).
    expect(build.files.filter((file) => file.startsWith('miniprogram_npm/')).sort()).toEqual([
      'miniprogram_npm/miniprogram-login/api.js',
      'miniprogram_npm/miniprogram-login/index.js',
      'miniprogram_npm/miniprogram-login/messages.js',
    ]);
    expect(fs.readFileSync(path.join(build.dir, 'miniprogram_npm', 'miniprogram-login', 'index.js'), 'utf8')).toContain(
      'require("../../@babel/runtime/helpers/',
    );
  });

  it.each(ALL_JOURNEYS.map((journey) => [journey.name, journey] as const))('journey %s', async (_name, journey) => {
    await journey.run(world);
  });
});
