/**
 * One shape for the two renderings of a template that test/compile/render-parity.test.ts compares: wcc's
 * virtual tree and what the headless runtime rendered. An outline is one line per element (tag, id,
 * classes, and the state flags a user sees: hidden, disabled, loading) or run of text, indented by depth;
 * wx:if and wx:for outcomes show as lines present or absent.
 * Text is whitespace-collapsed and trimmed, as the page shows it; `wx-` prefixes are dropped (wcc names
 * every tag `wx-<tag>`, custom component hosts included); a custom host's own template is its own outline.
 */
import type { RenderedNode } from '../../../simulator/runtime/tree';
import { isTruthyAttribute } from '../../../simulator/runtime/wxml-attributes';
import type { WccNode } from '../../../simulator/wechat-tools/wcc';

interface Element {
  tag: string;
  id: string;
  classes: string[];
  flags: string[];
  children: Node[];
}

const STATE_FLAGS = ['hidden', 'disabled', 'loading'];

function flagsOf(attributes: Readonly<Record<string, unknown>>): string[] {
  return STATE_FLAGS.filter((name) => isTruthyAttribute(attributes[name]));
}
type Node = Element | string;

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function fromWcc(node: WccNode): Node {
  if (typeof node === 'string') return node;
  return {
    tag: node.tag.replace(/^wx-/, ''),
    id: text(node.attr?.id),
    classes: text(node.attr?.class).split(/\s+/).filter(Boolean),
    flags: flagsOf(node.attr ?? {}),
    children: (node.children ?? []).map(fromWcc),
  };
}

function fromRuntime(node: RenderedNode): Node {
  if (typeof node === 'string') return node;
  return {
    tag: node.tag.replace(/^wx-/, ''),
    id: node.attrs.id ?? '',
    classes: (node.attrs.class ?? '').split(/\s+/).filter(Boolean),
    flags: flagsOf(node.attrs),
    children: node.children.map(fromRuntime),
  };
}

function lines(nodes: readonly Node[], depth: number): string[] {
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    const collapsed = run.replace(/\s+/g, ' ').trim();
    if (collapsed) out.push(`${'  '.repeat(depth)}"${collapsed}"`);
    run = '';
  };
  for (const node of nodes) {
    if (typeof node === 'string') {
      run += node;
      continue;
    }
    flush();
    const id = node.id ? `#${node.id}` : '';
    const classes = node.classes.map((name) => `.${name}`).join('');
    const flags = node.flags.map((name) => `[${name}]`).join('');
    out.push(`${'  '.repeat(depth)}<${node.tag}${id}${classes}${flags}>`, ...lines(node.children, depth + 1));
  }
  flush();
  return out;
}

/** wcc's tree (`{tag: 'wx-page', children}`) as an outline of the template's content. */
export function wccOutline(page: { children?: WccNode[] }): string[] {
  return lines((page.children ?? []).map(fromWcc), 0);
}

export function runtimeOutline(nodes: readonly RenderedNode[]): string[] {
  return lines(nodes.map(fromRuntime), 0);
}

/** A line diff (longest common subsequence): `- ` only in `expected`, `+ ` only in `actual`, `  ` both. */
export function lineDiff(expected: readonly string[], actual: readonly string[]): string[] {
  const table: number[][] = Array.from({ length: expected.length + 1 }, () => new Array<number>(actual.length + 1).fill(0));
  for (let i = expected.length - 1; i >= 0; i -= 1) {
    for (let j = actual.length - 1; j >= 0; j -= 1) {
      const row = table[i] as number[];
      row[j] = expected[i] === actual[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < expected.length || j < actual.length) {
    if (i < expected.length && j < actual.length && expected[i] === actual[j]) {
      out.push(`  ${expected[i]}`);
      i += 1;
      j += 1;
    } else if (j < actual.length && (i >= expected.length || (table[i]?.[j + 1] ?? 0) >= (table[i + 1]?.[j] ?? 0))) {
      out.push(`+ ${actual[j]}`);
      j += 1;
    } else {
      out.push(`- ${expected[i]}`);
      i += 1;
    }
  }
  return out;
}
