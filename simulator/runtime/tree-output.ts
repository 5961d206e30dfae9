/** The rendered tree written out: its visible text, its WXML, and a template's outline (held to wcc). */
import type { ExparserNode } from './exparser';
import type { NodeKinds, RenderedNode } from './tree';
import { attribute, attributeMap, attributeText, isHidden, tagName } from './wxml-attributes';

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function visibleText(kinds: NodeKinds, dom: Node): string {
  if (dom.nodeType === 3) return dom.textContent ?? '';
  const wxElement = (dom as Node & { __wxElement?: ExparserNode }).__wxElement;
  if (wxElement && kinds.isElement(wxElement) && isHidden(wxElement)) return '';
  // Each element is its own piece of text: two <text>s side by side read as two words, not one run.
  return ` ${Array.from(dom.childNodes)
    .map((child) => visibleText(kinds, child))
    .join('')} `;
}

export function serialize(kinds: NodeKinds, node: ExparserNode, outer: boolean): string {
  if (kinds.isText(node)) return escapeText(node.textContent ?? '');
  // A custom component's content is its own template (its shadow tree), as the automator shows it.
  const content = kinds.isCustom(node) && node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
  const inner = content.map((child) => serialize(kinds, child, true)).join('');
  if (!kinds.isElement(node) || !outer) return inner;
  const tag = tagName(node);
  const attributes = [...attributeMap(node)].map(([name, value]) => ` ${name}="${(attributeText(value) ?? '').replace(/"/g, '&quot;')}"`).join('');
  return `<${tag}${attributes}>${inner}</${tag}>`;
}

export function renderedChildren(kinds: NodeKinds, node: ExparserNode): RenderedNode[] {
  return node.childNodes.flatMap((child): RenderedNode[] => {
    if (kinds.isText(child)) return [child.textContent ?? ''];
    if (child.__slotName !== undefined) return [{ tag: 'slot', attrs: child.__slotName ? { name: child.__slotName } : {}, children: [] }];
    if (!kinds.isElement(child)) return renderedChildren(kinds, child);
    const attributes: Record<string, string> = {};
    for (const [name, value] of attributeMap(child)) attributes[name] = attributeText(value) ?? '';
    const id = attributeText(attribute(child, 'id'));
    if (id) attributes.id = id;
    return [{ tag: tagName(child), attrs: attributes, children: renderedChildren(kinds, child) }];
  });
}
