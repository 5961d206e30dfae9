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

export function parseSelector(source: string): Selector {
  const groups: Selector = [];
  let compounds: Compound[] = [];
  let current: Simple[] = [];
  let pending: Compound['combinator'] = null;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid selector "${source}": ${why} at ${i}`);
  };
  const ident = (): string => {
    const match = IDENT.exec(source.slice(i));
    if (!match) return fail('expected a name');
    i += match[0].length;
    return match[0];
  };
  const flush = (): void => {
    if (current.length === 0) return;
    compounds.push({ simples: current, combinator: compounds.length === 0 ? null : (pending ?? 'descendant') });
    current = [];
    pending = null;
  };

  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      flush();
      i += 1;
    } else if (ch === '>') {
      flush();
      if (compounds.length === 0) fail('combinator without a left side');
      pending = 'child';
      i += 1;
    } else if (ch === ',') {
      flush();
      if (compounds.length === 0) fail('empty selector in list');
      groups.push(compounds);
      compounds = [];
      i += 1;
    } else if (ch === '#') {
      i += 1;
      current.push({ kind: 'id', name: ident() });
    } else if (ch === '.') {
      i += 1;
      current.push({ kind: 'class', name: ident() });
    } else if (ch === '[') {
      const end = source.indexOf(']', i);
      if (end < 0) fail('unclosed [');
      const body = source.slice(i + 1, end);
      const eq = body.indexOf('=');
      const name = (eq < 0 ? body : body.slice(0, eq)).trim();
      const raw = eq < 0 ? null : body.slice(eq + 1).trim();
      current.push({ kind: 'attr', name, value: raw === null ? null : raw.replace(/^(['"])(.*)\1$/, '$2') });
      i = end + 1;
    } else if (ch === ':') {
      i += 1;
      const name = ident();
      if (name === 'first-child') current.push({ kind: 'nth', index: 1 });
      else if (name === 'last-child') current.push({ kind: 'nth', index: 'last' });
      else if (name === 'nth-child') {
        const match = /^\(\s*(\d+)\s*\)/.exec(source.slice(i));
        if (!match) fail('nth-child needs a number');
        current.push({ kind: 'nth', index: Number(match?.[1]) });
        i += match?.[0].length ?? 0;
      } else fail(`unsupported pseudo-class :${name}`);
    } else if (ch === '*') {
      i += 1;
    } else {
      current.push({ kind: 'tag', name: ident() });
    }
  }
  flush();
  if (compounds.length === 0) fail('empty selector');
  groups.push(compounds);
  return groups;
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
