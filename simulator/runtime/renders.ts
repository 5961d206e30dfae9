import type { ExparserNode, MethodCaller } from './exparser';
import { readData } from './element';
import type { RenderedNode, Tree } from './tree';

/** One render of a page's or custom component's own template: the data it rendered and what it rendered. */
export interface RenderEntry {
  /** Root-relative path of the template's component, e.g. 'pages/index/index'. */
  readonly path: string;
  readonly data: Record<string, unknown>;
  readonly nodes: RenderedNode[];
}

type Listener = (entry: RenderEntry) => void;

/**
 * Reports each template's render to listeners (test/compile/render-parity.test.ts holds them to wcc):
 * after the first render and after every setData. The snapshot is taken a microtask later, data and
 * tree together, so it always pairs a tree with the data that produced it. Nothing is read when no one listens.
 */
export interface Renders {
  rendered(caller: MethodCaller, path: string): void;
  on(listener: Listener): () => void;
}

export function createRenders(tree: Tree): Renders {
  const listeners = new Set<Listener>();
  return {
    rendered(caller, path) {
      if (listeners.size === 0) return;
      queueMicrotask(() => {
        const node = caller as unknown as ExparserNode;
        if (!node.shadowRoot) return;
        const entry: RenderEntry = { path, data: readData(caller) as Record<string, unknown>, nodes: tree.rendered(node) };
        listeners.forEach((listener) => listener(entry));
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
