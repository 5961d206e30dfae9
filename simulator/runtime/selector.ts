/**
 * The selector subset the automator and the journeys use: tag, #id, .class, [attr], [attr=value],
 * :nth-child(n), :first-child, :last-child, descendant and '>' combinators, and ',' lists. Matching
 * works over any tree through an adapter, so it is tested without rendering anything.
 */
export interface SelectorAdapter<N> {
  tagName(node: N): string;
  id(node: N): string;
  classes(node: N): string[];
  attribute(node: N, name: string): string | null;
  /** The parent element within the query's scope, or null at the scope's top. */
  parent(node: N): N | null;
  /** The element siblings (including `node`), for :nth-child. */
  siblings(node: N): N[];
}

type Simple =
  | { kind: 'tag'; name: string }
  | { kind: 'id'; name: string }
  | { kind: 'class'; name: string }
  | { kind: 'attr'; name: string; value: string | null }
  | { kind: 'nth'; index: number | 'last' };

interface Compound {
  simples: Simple[];
  /** How this compound relates to the previous one (to its left). */
  combinator: 'descendant' | 'child' | null;
}

export type Selector = Compound[][];

const IDENT = /^-?[_a-zA-Z][-_a-zA-Z0-9]*/;

/** The parser's position in `source` and what it has read so far. */
interface Scan {
  readonly source: string;
  i: number;
  groups: Selector;
  compounds: Compound[];
  current: Simple[];
  pending: Compound['combinator'];
}

function fail(scan: Scan, why: string): never {
  throw new Error(`invalid selector "${scan.source}": ${why} at ${scan.i}`);
}

function ident(scan: Scan): string {
  const match = IDENT.exec(scan.source.slice(scan.i));
  if (!match) return fail(scan, 'expected a name');
  scan.i += match[0].length;
  return match[0];
}

/** Ends the compound being read: it joins the chain with the combinator read before it. */
function flush(scan: Scan): void {
  if (scan.current.length === 0) return;
  scan.compounds.push({ simples: scan.current, combinator: scan.compounds.length === 0 ? null : (scan.pending ?? 'descendant') });
  scan.current = [];
  scan.pending = null;
}

/** `[name]` or `[name=value]`, the value optionally quoted. */
function attributeSelector(scan: Scan): Simple {
  const end = scan.source.indexOf(']', scan.i);
  if (end < 0) fail(scan, 'unclosed [');
  const body = scan.source.slice(scan.i + 1, end);
  const eq = body.indexOf('=');
  const name = (eq < 0 ? body : body.slice(0, eq)).trim();
  const raw = eq < 0 ? null : body.slice(eq + 1).trim();
  scan.i = end + 1;
  return { kind: 'attr', name, value: raw === null ? null : raw.replace(/^(['"])(.*)\1$/, '$2') };
}

function pseudoClass(scan: Scan): Simple {
  scan.i += 1;
  const name = ident(scan);
  if (name === 'first-child') return { kind: 'nth', index: 1 };
  if (name === 'last-child') return { kind: 'nth', index: 'last' };
  if (name !== 'nth-child') return fail(scan, `unsupported pseudo-class :${name}`);
  const match = /^\(\s*(\d+)\s*\)/.exec(scan.source.slice(scan.i));
  if (!match) return fail(scan, 'nth-child needs a number');
  scan.i += match[0].length;
  return { kind: 'nth', index: Number(match[1]) };
}

/** A combinator or a list's comma: they end the compound being read. */
function separator(scan: Scan, ch: string): void {
  flush(scan);
  if (ch === '>') {
    if (scan.compounds.length === 0) fail(scan, 'combinator without a left side');
    scan.pending = 'child';
  } else if (ch === ',') {
    if (scan.compounds.length === 0) fail(scan, 'empty selector in list');
    scan.groups.push(scan.compounds);
    scan.compounds = [];
  }
  scan.i += 1;
}

/** Reads one token at `scan.i`. */
function step(scan: Scan): void {
  const ch = scan.source[scan.i] ?? '';
  if (/\s/.test(ch) || ch === '>' || ch === ',') {
    separator(scan, ch);
  } else if (ch === '#' || ch === '.') {
    scan.i += 1;
    scan.current.push({ kind: ch === '#' ? 'id' : 'class', name: ident(scan) });
  } else if (ch === '[') {
    scan.current.push(attributeSelector(scan));
  } else if (ch === ':') {
    scan.current.push(pseudoClass(scan));
  } else if (ch === '*') {
    scan.i += 1;
  } else {
    scan.current.push({ kind: 'tag', name: ident(scan) });
  }
}

export function parseSelector(source: string): Selector {
  const scan: Scan = { source, i: 0, groups: [], compounds: [], current: [], pending: null };
  while (scan.i < source.length) step(scan);
  flush(scan);
  if (scan.compounds.length === 0) fail(scan, 'empty selector');
  scan.groups.push(scan.compounds);
  return scan.groups;
}

function matchesSimple<N>(node: N, simple: Simple, adapter: SelectorAdapter<N>): boolean {
  switch (simple.kind) {
    case 'tag':
      return adapter.tagName(node) === simple.name;
    case 'id':
      return adapter.id(node) === simple.name;
    case 'class':
      return adapter.classes(node).includes(simple.name);
    case 'attr': {
      const value = adapter.attribute(node, simple.name);
      return simple.value === null ? value !== null : value === simple.value;
    }
    case 'nth': {
      const siblings = adapter.siblings(node);
      const position = siblings.indexOf(node);
      return simple.index === 'last' ? position === siblings.length - 1 : position === simple.index - 1;
    }
  }
}

function matchesCompound<N>(node: N, compound: Compound, adapter: SelectorAdapter<N>): boolean {
  return compound.simples.every((simple) => matchesSimple(node, simple, adapter));
}

/** Right-to-left match of one selector chain ending at `node`. */
function matchesChain<N>(node: N, chain: Compound[], index: number, adapter: SelectorAdapter<N>): boolean {
  const compound = chain[index];
  if (!compound || !matchesCompound(node, compound, adapter)) return false;
  if (index === 0) return true;
  if (compound.combinator === 'child') {
    const parent = adapter.parent(node);
    return parent !== null && matchesChain(parent, chain, index - 1, adapter);
  }
  for (let ancestor = adapter.parent(node); ancestor !== null; ancestor = adapter.parent(ancestor)) {
    if (matchesChain(ancestor, chain, index - 1, adapter)) return true;
  }
  return false;
}

export function matches<N>(node: N, selector: Selector, adapter: SelectorAdapter<N>): boolean {
  return selector.some((chain) => matchesChain(node, chain, chain.length - 1, adapter));
}
