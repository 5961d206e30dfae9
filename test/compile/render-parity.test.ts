/**
 * The runtime's template semantics held to WeChat's own WXML compiler: every render of a page or custom
 * component during every journey (the data of every state a user reaches) is rendered again by wcc's
 * function for the same template and data, and the two outlines (tags, ids, classes, text, wx:if/wx:for
 * outcomes; test/compile/support/outline.ts) must be equal. A custom component host is compared as an
 * element of its page, with its slotted children; its own template is compared in its own renders.
 */
import * as path from 'path';
import { ALL_JOURNEYS } from '../../simulator/journeys/all';
import { createWorld } from '../../simulator/journeys/world';
import type { RenderEntry } from '../../simulator/runtime/renders';
import { compileWxml, type CompiledTemplates } from '../../simulator/wechat-tools/wcc';
import { lineDiff, runtimeOutline, wccOutline } from './support/outline';

jest.setTimeout(60_000);

const projectRoot = path.resolve(__dirname, '..', '..');
const CONTEXT_LINES = 3;

let templates: CompiledTemplates;

beforeAll(() => {
  templates = compileWxml(path.join(projectRoot, 'miniprogram'));
});

function readableDiff(diff: readonly string[]): string {
  const keep = new Set<number>();
  diff.forEach((line, index) => {
    if (line.startsWith('  ')) return;
    for (let near = index - CONTEXT_LINES; near <= index + CONTEXT_LINES; near += 1) keep.add(near);
  });
  return diff.filter((_line, index) => keep.has(index)).join('\n');
}

/** The renders whose runtime outline differs from wcc's for the same data, each as a readable report. */
function mismatches(entries: readonly RenderEntry[]): string[] {
  const seen = new Set<string>();
  const reports: string[] = [];
  for (const entry of entries) {
    const key = JSON.stringify([entry.path, entry.data, entry.nodes]);
    if (seen.has(key)) continue;
    seen.add(key);
    const expected = wccOutline(templates.render(`${entry.path}.wxml`)(entry.data));
    const actual = runtimeOutline(entry.nodes);
    if (expected.join('\n') === actual.join('\n')) continue;
    reports.push(
      `${entry.path}.wxml: - wcc, + headless runtime, for data ${JSON.stringify(entry.data)}\n${readableDiff(lineDiff(expected, actual))}`,
    );
  }
  return reports;
}

it('wcc has a render function for every page and component of the demo', () => {
  expect(templates.files).toEqual(['components/privacy-popup/privacy-popup.wxml', 'pages/auth/auth.wxml', 'pages/index/index.wxml', 'pages/ucenter/ucenter.wxml']);
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
    expect(mismatches(entries).join('\n\n')).toBe('');
  });
});
