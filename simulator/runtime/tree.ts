import type { Exparser, ExparserNode } from './exparser';
import type { SelectorAdapter } from './selector';

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

export function attributeText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A WXML boolean attribute: `hidden`, `hidden="{{true}}"`, `disabled="true"` are on; false/"false" off. */
export function isTruthyAttribute(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value !== 'false';
  return Boolean(value) || value === 0;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createTree(exparser: Exparser, builtinTags: ReadonlySet<string>): Tree {
  const isElement = (node: ExparserNode): boolean => node instanceof exparser.Component;
  const isText = (node: ExparserNode): boolean => node instanceof exparser.TextNode;

  const children = (node: ExparserNode): ExparserNode[] => {
    const result: ExparserNode[] = [];
    for (const child of node.childNodes) {
      if (isElement(child)) result.push(child);
      else if (!isText(child)) result.push(...children(child));
    }
    return result;
  };

  const content = (node: ExparserNode): Array<ExparserNode | string> => {
    const result: Array<ExparserNode | string> = [];
    for (const child of node.childNodes) {
      if (isElement(child)) result.push(child);
      else if (isText(child)) result.push(child.textContent ?? '');
      else result.push(...content(child));
    }
    return result;
  };

  const parent = (node: ExparserNode, scope: ExparserNode): ExparserNode | null => {
    for (let up = node.parentNode; up !== null; up = up.parentNode) {
      if (up === scope) return null;
      if (isElement(up)) return up;
    }
    return null;
  };

  const descendants = (scope: ExparserNode): ExparserNode[] => {
    const result: ExparserNode[] = [];
    const walk = (node: ExparserNode): void => {
      for (const child of children(node)) {
        result.push(child);
        walk(child);
      }
    };
    walk(scope);
    return result;
  };

  const attrs = (node: ExparserNode): Map<string, unknown> => {
    const map = new Map<string, unknown>();
    for (const attr of node._vt?.attrs ?? []) if (attr.value !== undefined) map.set(attr.name, attr.value);
    return map;
  };

  const tagName = (node: ExparserNode): string => node._vt?.tagName ?? node.is ?? '';
  const attribute = (node: ExparserNode, name: string): unknown => (name === 'id' ? node.id || attrs(node).get('id') : attrs(node).get(name));
  const isHidden = (node: ExparserNode): boolean => isTruthyAttribute(attrs(node).get('hidden'));

  const visibleText = (dom: Node): string => {
    if (dom.nodeType === 3) return dom.textContent ?? '';
    const wxElement = (dom as Node & { __wxElement?: ExparserNode }).__wxElement;
    if (wxElement && isElement(wxElement) && isHidden(wxElement)) return '';
    // Each element is its own piece of text: two <text>s side by side read as two words, not one run.
    return ` ${Array.from(dom.childNodes).map(visibleText).join('')} `;
  };

  const serialize = (node: ExparserNode, outer: boolean): string => {
    if (isText(node)) return escapeText(node.textContent ?? '');
    // A custom component's content is its own template (its shadow tree), as the automator shows it.
    const content = isElement(node) && !builtinTags.has(node.is ?? '') && node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
    const inner = content.map((child) => serialize(child, true)).join('');
    if (!isElement(node) || !outer) return inner;
    const tag = tagName(node);
    const attributes = [...attrs(node)].map(([name, value]) => ` ${name}="${(attributeText(value) ?? '').replace(/"/g, '&quot;')}"`).join('');
    return `<${tag}${attributes}>${inner}</${tag}>`;
  };

  const renderedChildren = (node: ExparserNode): RenderedNode[] =>
    node.childNodes.flatMap((child): RenderedNode[] => {
      if (isText(child)) return [child.textContent ?? ''];
      if (child.__slotName !== undefined) return [{ tag: 'slot', attrs: child.__slotName ? { name: child.__slotName } : {}, children: [] }];
      if (!isElement(child)) return renderedChildren(child);
      const attributes: Record<string, string> = {};
      for (const [name, value] of attrs(child)) attributes[name] = attributeText(value) ?? '';
      const id = attributeText(attribute(child, 'id'));
      if (id) attributes.id = id;
      return [{ tag: tagName(child), attrs: attributes, children: renderedChildren(child) }];
    });

  return {
    isElement,
    isCustom: (node) => isElement(node) && !builtinTags.has(node.is ?? ''),
    children,
    content,
    parent,
    descendants,
    tagName,
    attribute,
    attributeNames: (node) => [...attrs(node).keys()],
    isHidden,
    adapter: (scope) => ({
      tagName,
      id: (node) => attributeText(attribute(node, 'id')) ?? '',
      classes: (node) => (attributeText(attribute(node, 'class')) ?? '').split(/\s+/).filter(Boolean),
      attribute: (node, name) => attributeText(attribute(node, name)),
      parent: (node) => parent(node, scope),
      siblings: (node) => {
        const up = parent(node, scope);
        return up ? children(up) : children(scope);
      },
    }),
    text: (node) => (node.$$ ? visibleText(node.$$).replace(/\s+/g, ' ').trim() : ''),
    wxml: (node, kind) => serialize(node, kind === 'outer'),
    rendered: (host) => (host.shadowRoot ? renderedChildren(host.shadowRoot) : []),
  };
}
