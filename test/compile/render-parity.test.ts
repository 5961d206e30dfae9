/**
 * The runtime's template semantics held to WeChat's own WXML compiler: every render of a page or custom
 * component during every journey (the data of every state a user reaches) is rendered again by wcc's
 * function for the same template and data, and the two outlines (tags, ids, classes, text, wx:if/wx:for
 * outcomes; test/compile/support/outline.ts) must be equal. A custom component host is compared as an
 * element of its page, with its slotted children; its own template is compared in its own renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_JOURNEYS } from '../../simulator/journeys/all';
import { createWorld } from '../../simulator/journeys/world';
import type { RenderEntry } from '../../simulator/runtime/renders';
import { compileWxml, type CompiledTemplates } from '../../simulator/wechat-tools/wcc';
import { renderMismatches } from './support/parity';

jest.setTimeout(60_000);

const projectRoot = path.resolve(__dirname, '..', '..');

let templates: CompiledTemplates;

beforeAll(() => {
  templates = compileWxml(path.join(projectRoot, 'miniprogram'));
});

it('wcc has a render function for every page and component of the demo', () => {
  const appJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'miniprogram', 'app.json'), 'utf8')) as { pages: string[] };
  const components = fs.readdirSync(path.join(projectRoot, 'miniprogram', 'components')).map((name) => `components/${name}/${name}`);
  const expected = [...appJson.pages, ...components].map((page) => `${page}.wxml`).sort();
  expect(expected.length).toBeGreaterThan(5);
  expect(templates.files).toEqual(expected);
});

it('reports a render that differs from wcc with the template, the data and a line diff', async () => {
  const entries: RenderEntry[] = [];
  const world = await createWorld({ projectRoot, onDevice: (runtime) => runtime.onRender((entry) => entries.push(entry)) });
  try {
    await ALL_JOURNEYS[0]?.run(world);
  } finally {
    await world.close();
  }
  const home = entries.find((entry) => entry.path === 'pages/index/index' && entry.data.status === 'logged-in');
  if (!home) throw new Error('the first journey rendered no logged-in home page');
  const [report] = renderMismatches(templates, [{ ...home, data: { ...home.data, status: 'logging-in' } }]);
  expect(report).toMatch(/^pages\/index\/index\.wxml: - wcc, \+ headless runtime, for data \{.*"status":"logging-in"/);
  // What the runtime rendered for 'logged-in' is missing from wcc's 'logging-in' outline, and the reverse.
  expect(report).toMatch(/\n\+ +<\w/);
  expect(report).toMatch(/\n- +<\w/);
});

describe.each(ALL_JOURNEYS.map((journey) => [journey.name, journey] as const))('journey %s', (_name, journey) => {
  it('renders every state as wcc does', async () => {
    const entries: RenderEntry[] = [];
    const world = await createWorld({ projectRoot, server: { wechatTimeoutMs: 800 }, onDevice: (runtime) => runtime.onRender((entry) => entries.push(entry)) });
    try {
      await journey.run(world);
    } finally {
      await world.close();
    }
    expect(new Set(entries.map((entry) => entry.path)).size).toBeGreaterThan(0);
    expect(renderMismatches(templates, entries).join('\n\n')).toBe('');
  });
});
