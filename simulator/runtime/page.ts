import type { SimElement, SimPage } from '../types';
import type { ComponentDefinition, DefinitionRegistry } from './definitions';
import { createElementFactory, readData, type ElementDeps } from './element';
import type { ExparserNode, JComponent, MethodCaller, RootComponent } from './exparser';
import { createPageScope } from './page-scope';
import { renderedElement } from './page-tree';
import { matches, parseSelector } from './selector';

export type PageLifecycle = 'onLoad' | 'onShow' | 'onReady' | 'onHide' | 'onUnload';

/** A page on the stack: the SimPage view plus what the router drives. */
export interface LivePage extends SimPage {
  /** The page's `this` (what getCurrentPages() returns). */
  readonly instance: MethodCaller;
  lifecycle(name: PageLifecycle, ...args: unknown[]): void;
  /** Removes the page from the document; `onUnload` is the router's to call first. */
  destroy(): void;
}

export interface PageDeps extends ElementDeps {
  jComponent: JComponent;
  definitions: DefinitionRegistry;
  document: Document;
  /** Tracks promises returned by lifecycles so idle() waits for them. */
  track<T>(work: Promise<T>): Promise<T>;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The page's component rendered into its own container of the document. */
interface Mounted {
  root: RootComponent;
  container: HTMLElement;
  host: ExparserNode;
  instance: MethodCaller;
}

function mountPage(deps: PageDeps, definition: ComponentDefinition, query: Record<string, string>): Mounted {
  const root: RootComponent | undefined = deps.jComponent.create(definition.id);
  if (!root) throw new Error(`page ${definition.path} did not register itself: its module must call Component() (or Page())`);
  const container = deps.document.createElement('div');
  container.setAttribute('data-page', definition.path);
  deps.document.body.appendChild(container);
  root.attach(container);
  const host = root._exparserNode;
  const instance = deps.exparser.Element.getMethodCaller(host);
  if (!instance) throw new Error(`page ${definition.path} rendered without an instance`);
  instance.route = definition.path;
  instance.options = { ...query };
  return { root, container, host, instance };
}

function runLifecycle(deps: PageDeps, { host, instance }: Mounted, name: PageLifecycle, args: unknown[]): void {
  const hook = instance[name];
  if (typeof hook === 'function') {
    // A throwing lifecycle is reported by the definition's guard; as on WeChat, the page stays up.
    try {
      const result: unknown = (hook as (...params: unknown[]) => unknown).apply(instance, args);
      if (isThenable(result)) void deps.track(result.then(undefined, () => undefined));
    } catch {
      return;
    }
  }
  if (name === 'onShow') host.triggerPageLifeTime('show', []);
  if (name === 'onHide') host.triggerPageLifeTime('hide', []);
}

export function createPage(deps: PageDeps, id: number, definition: ComponentDefinition, query: Record<string, string>): LivePage {
  const mounted = mountPage(deps, definition, query);
  const { host, instance } = mounted;
  let alive = true;
  const scope = createPageScope(deps.definitions, id, definition);
  const element = createElementFactory(deps, scope);
  const shadow = (): ExparserNode => {
    if (!host.shadowRoot) throw new Error(`page ${definition.path} has no rendered tree`);
    return host.shadowRoot;
  };
  const queryAll = (selector: string): SimElement[] => {
    const rootNode = shadow();
    const parsed = parseSelector(selector);
    const adapter = deps.tree.adapter(rootNode);
    return deps.tree.descendants(rootNode).filter((node) => matches(node, parsed, adapter)).map(element);
  };
  const treeParts = { deps, scope, page: definition, element };

  return {
    id,
    path: definition.path,
    query: { ...query },
    instance,
    get alive() {
      return alive;
    },
    data: (key) => readData(instance, key),
    async setData(data) {
      instance.setData(data);
      await deps.turn();
    },
    async callMethod(method, args) {
      const target = instance[method];
      if (typeof target !== 'function') throw new Error(`page ${definition.path} has no method ${method}`);
      const result: unknown = await (target as (...params: unknown[]) => unknown).apply(instance, args);
      await deps.turn();
      return result;
    },
    $: (selector) => queryAll(selector)[0] ?? null,
    $$: queryAll,
    text: () => deps.tree.text(host),
    rendered: () => deps.tree.content(shadow()).flatMap((child) => (typeof child === 'string' ? [] : [renderedElement(treeParts, child)])),
    lifecycle: (name, ...args) => runLifecycle(deps, mounted, name, args),
    destroy() {
      if (!alive) return;
      alive = false;
      mounted.root.detach();
      mounted.container.remove();
    },
  };
}
