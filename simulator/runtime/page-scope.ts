/**
 * What a page shares with its elements: stable element ids, what the user typed, and which template
 * rendered a node (its WXSS styles the node; its path is the node's scope for the layout engine).
 */
import type { ComponentDefinition, DefinitionRegistry } from './definitions';
import type { PageScope } from './element';
import type { ExparserNode } from './exparser';

function findHost(shadowRoot: ExparserNode): ExparserNode | null {
  const withHost = shadowRoot as ExparserNode & { getHostNode?: () => ExparserNode };
  return typeof withHost.getHostNode === 'function' ? withHost.getHostNode() : null;
}

/** The custom component whose template rendered `node`; undefined when the page's own template did. */
export function ownerDefinition(definitions: DefinitionRegistry, node: ExparserNode): ComponentDefinition | undefined {
  const owner = node.ownerShadowRoot;
  const ownerHost = owner ? findHost(owner) : null;
  return ownerHost?.is ? definitions.byId(ownerHost.is) : undefined;
}

export function createPageScope(definitions: DefinitionRegistry, pageId: number, page: ComponentDefinition): PageScope {
  let nextElement = 0;
  const elementIds = new WeakMap<ExparserNode, string>();
  return {
    elementId(node) {
      let existing = elementIds.get(node);
      if (!existing) {
        nextElement += 1;
        existing = `${pageId}.${nextElement}`;
        elementIds.set(node, existing);
      }
      return existing;
    },
    typed: new WeakMap(),
    wxssFor: (node) => ownerDefinition(definitions, node)?.wxss ?? page.wxss,
  };
}
