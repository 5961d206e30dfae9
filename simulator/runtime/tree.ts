import type { Exparser, ExparserNode } from './exparser';
import type { SelectorAdapter } from './selector';
import { renderedChildren, serialize, visibleText } from './tree-output';
import { attribute, attributeMap, attributeText, isHidden, tagName } from './wxml-attributes';

/**
 * Reading the rendered exparser tree the way WXML sees it: elements are exparser components (built-in
 * tags included); wx:if / wx:for / block / slot wrappers are virtual and transparent; a query stays in
 * one shadow tree (a page's, or a custom component's own).
 */
/** A template's rendered output as WXML sees it: built-in and custom tags (virtual wrappers dropped) and text. */
export interface RenderedElement {
  tag: string;
  attrs: Record<string, string>;
  children: RenderedNode[];
}
export type RenderedNode = RenderedElement | string;

export interface Tree {
  isElement(node: ExparserNode): boolean;
  isCustom(node: ExparserNode): boolean;
  children(node: ExparserNode): ExparserNode[];
  /** Child elements and text, in order, with the virtual wrappers (wx:if, wx:for, block) flattened away. */
  content(node: ExparserNode): Array<ExparserNode | string>;
  /** Logical parent inside the shadow tree rooted at `scope`, or null at its top. */
  parent(node: ExparserNode, scope: ExparserNode): ExparserNode | null;
  descendants(scope: ExparserNode): ExparserNode[];
  tagName(node: ExparserNode): string;
  attribute(node: ExparserNode, name: string): unknown;
  attributeNames(node: ExparserNode): string[];
  isHidden(node: ExparserNode): boolean;
  adapter(scope: ExparserNode): SelectorAdapter<ExparserNode>;
  text(node: ExparserNode): string;
  wxml(node: ExparserNode, kind: 'inner' | 'outer'): string;
  /** What a component's own template rendered: its shadow tree, custom hosts with their slotted children only. */
  rendered(host: ExparserNode): RenderedNode[];
}

/** What a rendered node is: exparser's classes tell elements and text apart; the rest are virtual wrappers. */
export interface NodeKinds {
  isElement(node: ExparserNode): boolean;
  isText(node: ExparserNode): boolean;
  isCustom(node: ExparserNode): boolean;
}

function nodeKinds(exparser: Exparser, builtinTags: ReadonlySet<string>): NodeKinds {
  const isElement = (node: ExparserNode): boolean => node instanceof exparser.Component;
  return {
    isElement,
    isText: (node) => node instanceof exparser.TextNode,
    isCustom: (node) => isElement(node) && !builtinTags.has(node.is ?? ''),
  };
}

function children(kinds: NodeKinds, node: ExparserNode): ExparserNode[] {
  const result: ExparserNode[] = [];
  for (const child of node.childNodes) {
    if (kinds.isElement(child)) result.push(child);
    else if (!kinds.isText(child)) result.push(...children(kinds, child));
  }
  return result;
}

function content(kinds: NodeKinds, node: ExparserNode): Array<ExparserNode | string> {
  const result: Array<ExparserNode | string> = [];
  for (const child of node.childNodes) {
    if (kinds.isElement(child)) result.push(child);
    else if (kinds.isText(child)) result.push(child.textContent ?? '');
    else result.push(...content(kinds, child));
  }
  return result;
}

function parent(kinds: NodeKinds, node: ExparserNode, scope: ExparserNode): ExparserNode | null {
  for (let up = node.parentNode; up !== null; up = up.parentNode) {
    if (up === scope) return null;
    if (kinds.isElement(up)) return up;
  }
  return null;
}

function descendants(kinds: NodeKinds, scope: ExparserNode): ExparserNode[] {
  const result: ExparserNode[] = [];
  const walk = (node: ExparserNode): void => {
    for (const child of children(kinds, node)) {
      result.push(child);
      walk(child);
    }
  };
  walk(scope);
  return result;
}

/** The selector engine's view of one shadow tree: it never looks outside `scope`. */
function selectorAdapter(kinds: NodeKinds, scope: ExparserNode): SelectorAdapter<ExparserNode> {
  return {
    tagName,
    id: (node) => attributeText(attribute(node, 'id')) ?? '',
    classes: (node) => (attributeText(attribute(node, 'class')) ?? '').split(/\s+/).filter(Boolean),
    attribute: (node, name) => attributeText(attribute(node, name)),
    parent: (node) => parent(kinds, node, scope),
    siblings: (node) => {
      const up = parent(kinds, node, scope);
      return up ? children(kinds, up) : children(kinds, scope);
    },
  };
}

export function createTree(exparser: Exparser, builtinTags: ReadonlySet<string>): Tree {
  const kinds = nodeKinds(exparser, builtinTags);
  return {
    isElement: kinds.isElement,
    isCustom: kinds.isCustom,
    children: (node) => children(kinds, node),
    content: (node) => content(kinds, node),
    parent: (node, scope) => parent(kinds, node, scope),
    descendants: (scope) => descendants(kinds, scope),
    tagName,
    attribute,
    attributeNames: (node) => [...attributeMap(node).keys()],
    isHidden,
    adapter: (scope) => selectorAdapter(kinds, scope),
    text: (node) => (node.$$ ? visibleText(kinds, node.$$).replace(/\s+/g, ' ').trim() : ''),
    wxml: (node, kind) => serialize(kinds, node, kind === 'outer'),
    rendered: (host) => (host.shadowRoot ? renderedChildren(kinds, host.shadowRoot) : []),
  };
}
