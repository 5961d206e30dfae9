/**
 * A rendered node's WXML attributes as its template set them (the virtual tree's attrs), read and turned
 * into text one way everywhere: queries, taps, text, WXML and the layout engine agree on what a node says.
 */
import type { ExparserNode } from './exparser';

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

export function attributeMap(node: ExparserNode): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const attr of node._vt?.attrs ?? []) if (attr.value !== undefined) map.set(attr.name, attr.value);
  return map;
}

export function tagName(node: ExparserNode): string {
  return node._vt?.tagName ?? node.is ?? '';
}

export function attribute(node: ExparserNode, name: string): unknown {
  return name === 'id' ? node.id || attributeMap(node).get('id') : attributeMap(node).get(name);
}

export function isHidden(node: ExparserNode): boolean {
  return isTruthyAttribute(attributeMap(node).get('hidden'));
}
