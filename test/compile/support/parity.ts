/**
 * Holding the headless runtime's renders to wcc: each distinct render (template, data, tree) is rendered
 * again by wcc's function for the same template and data, and the two outlines must be equal.
 */
import type { RenderEntry } from '../../../simulator/runtime/renders';
import type { CompiledTemplates } from '../../../simulator/wechat-tools/wcc';
import { lineDiff, runtimeOutline, wccOutline } from './outline';

const CONTEXT_LINES = 3;

/** The changed lines of a diff with a few lines of context around each. */
function withContext(diff: readonly string[]): string {
  const keep = new Set<number>();
  diff.forEach((line, index) => {
    if (line.startsWith('  ')) return;
    for (let near = index - CONTEXT_LINES; near <= index + CONTEXT_LINES; near += 1) keep.add(near);
  });
  return diff.filter((_line, index) => keep.has(index)).join('\n');
}

/** One readable report per render whose runtime outline differs from wcc's; empty when all agree. */
export function renderMismatches(templates: CompiledTemplates, entries: readonly RenderEntry[]): string[] {
  const seen = new Set<string>();
  const reports: string[] = [];
  for (const entry of entries) {
    const key = JSON.stringify([entry.path, entry.data, entry.nodes]);
    if (seen.has(key)) continue;
    seen.add(key);
    const expected = wccOutline(templates.render(`${entry.path}.wxml`)(entry.data));
    const actual = runtimeOutline(entry.nodes);
    if (expected.join('\n') === actual.join('\n')) continue;
    reports.push(`${entry.path}.wxml: - wcc, + headless runtime, for data ${JSON.stringify(entry.data)}\n${withContext(lineDiff(expected, actual))}`);
  }
  return reports;
}
