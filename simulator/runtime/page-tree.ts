/** A page's rendered tree as the layout engine reads it: custom components expanded, typed values shown. */
import type { RenderedElement, SimElement } from '../types';
import type { ComponentDefinition } from './definitions';
import type { PageScope } from './element';
import type { ExparserNode } from './exparser';
import type { PageDeps } from './page';
import { ownerDefinition } from './page-scope';

export interface PageTreeParts {
  deps: PageDeps;
  scope: PageScope;
  page: ComponentDefinition;
  element: (node: ExparserNode) => SimElement;
}

/** What the user typed shows in the field until the page renders a value of its own. */
function typedValue({ deps, element }: PageTreeParts, node: ExparserNode): Record<string, unknown> {
  const tag = deps.tree.tagName(node);
  return tag === 'input' || tag === 'textarea' ? { value: element(node).property('value') } : {};
}

export function renderedElement(parts: PageTreeParts, node: ExparserNode): RenderedElement {
  const { deps, scope, page } = parts;
  const { tree } = deps;
  const content = tree.isCustom(node) && node.shadowRoot ? node.shadowRoot : node;
  return {
    key: scope.elementId(node),
    tag: tree.tagName(node),
    builtin: !tree.isCustom(node),
    scope: ownerDefinition(deps.definitions, node)?.path ?? page.path,
    attributes: { ...Object.fromEntries(tree.attributeNames(node).map((name) => [name, tree.attribute(node, name)])), ...typedValue(parts, node) },
    events: Object.keys(node._vt?.event ?? {}),
    children: tree.content(content).map((child) => (typeof child === 'string' ? child : renderedElement(parts, child))),
  };
}
