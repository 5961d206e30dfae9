import type { ElementDeps, PageScope } from './element';
import type { ExparserNode, MethodCaller } from './exparser';
import { attributeText } from './wxml-attributes';

/**
 * The primitives every element behaviour is built from: an event fired as exparser delivers it, the
 * value an input shows, and a custom component's `this`.
 */
export interface ElementContext {
  deps: ElementDeps;
  scope: PageScope;
}

export const TOUCH = { identifier: 0, pageX: 0, pageY: 0, clientX: 0, clientY: 0, force: 1 };

export function fire(ctx: ElementContext, node: ExparserNode, name: string, detail: unknown, bubbles = false, touches: unknown[] = []): void {
  const { exparser } = ctx.deps;
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create(name, detail, {
      bubbles,
      composed: bubbles,
      capturePhase: true,
      extraFields: { touches, changedTouches: touches },
    }),
  );
}

export function attr(ctx: ElementContext, node: ExparserNode, name: string): unknown {
  return ctx.deps.tree.attribute(node, name);
}

/** What an input shows: what the user typed, until the page renders another `value`. */
export function valueOf(ctx: ElementContext, node: ExparserNode): string {
  const rendered = attr(ctx, node, 'value');
  const typed = ctx.scope.typed.get(node);
  if (typed && typed.attributeWhenTyped === rendered) return typed.value;
  return attributeText(rendered) ?? '';
}

export function methodCaller(ctx: ElementContext, node: ExparserNode): MethodCaller {
  const { exparser, tree } = ctx.deps;
  const found = tree.isCustom(node) ? exparser.Element.getMethodCaller(node) : null;
  if (!found) throw new Error(`<${tree.tagName(node)}> is not a custom component: it has no data or methods`);
  return found;
}
