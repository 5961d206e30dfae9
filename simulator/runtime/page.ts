import type { RenderedElement, SimElement, SimPage } from '../types';
import type { ComponentDefinition, DefinitionRegistry } from './definitions';
import { createElementFactory, readData, type ElementDeps, type PageScope } from './element';
import type { ExparserNode, JComponent, MethodCaller, RootComponent } from './exparser';
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

export function createPage(deps: PageDeps, id: number, definition: ComponentDefinition, query: Record<string, string>): LivePage {
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

  let alive = true;
  let nextElement = 0;
  const elementIds = new WeakMap<ExparserNode, string>();
  const scope: PageScope = {
    elementId(node) {
      let existing = elementIds.get(node);
      if (!existing) {
        nextElement += 1;
        existing = `${id}.${nextElement}`;
        elementIds.set(node, existing);
      }
      return existing;
    },
    typed: new WeakMap(),
    wxssFor(node) {
      const owner = node.ownerShadowRoot;
      const ownerHost = owner ? findHost(owner) : null;
      return (ownerHost?.is ? deps.definitions.byId(ownerHost.is)?.wxss : undefined) ?? definition.wxss;
    },
  };
  const findHost = (shadowRoot: ExparserNode): ExparserNode | null => {
    const withHost = shadowRoot as ExparserNode & { getHostNode?: () => ExparserNode };
    return typeof withHost.getHostNode === 'function' ? withHost.getHostNode() : null;
  };
  const element = createElementFactory(deps, scope);
  const scopeOf = (node: ExparserNode): string => {
    const owner = node.ownerShadowRoot;
    const ownerHost = owner ? findHost(owner) : null;
    return (ownerHost?.is ? deps.definitions.byId(ownerHost.is)?.path : undefined) ?? definition.path;
  };
  /** What the user typed shows in the field until the page renders a value of its own. */
  const typedValue = (node: ExparserNode): Record<string, unknown> => {
    const tag = deps.tree.tagName(node);
    return tag === 'input' || tag === 'textarea' ? { value: element(node).property('value') } : {};
  };
  const rendered = (node: ExparserNode): RenderedElement => {
    const content = deps.tree.isCustom(node) && node.shadowRoot ? node.shadowRoot : node;
    return {
      key: scope.elementId(node),
      tag: deps.tree.tagName(node),
      builtin: !deps.tree.isCustom(node),
      scope: scopeOf(node),
      attributes: { ...Object.fromEntries(deps.tree.attributeNames(node).map((name) => [name, deps.tree.attribute(node, name)])), ...typedValue(node) },
      events: Object.keys(node._vt?.event ?? {}),
      children: deps.tree.content(content).map((child) => (typeof child === 'string' ? child : rendered(child))),
    };
  };
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
    rendered: () => deps.tree.content(shadow()).flatMap((child) => (typeof child === 'string' ? [] : [rendered(child)])),
    lifecycle(name, ...args) {
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
    },
    destroy() {
      if (!alive) return;
      alive = false;
      root.detach();
      container.remove();
    },
  };
}
