import type { SimElement } from '../types';
import { builtInTap, typeInto } from './built-ins';
import { attr, fire, TOUCH, type ElementContext } from './element-io';
import type { ExparserNode } from './exparser';
import { isTruthyAttribute } from './wxml-attributes';

const TOUCH_EVENTS = new Set(['touchstart', 'touchmove', 'touchend', 'touchcancel']);

/** What a test does to an element, as the user's finger and keyboard would; each resolves after the handlers' first turn. */
export function elementActions(ctx: ElementContext, node: ExparserNode): Pick<SimElement, 'tap' | 'trigger' | 'dispatch' | 'input'> {
  const { deps } = ctx;
  return {
    async tap() {
      if (isTruthyAttribute(attr(ctx, node, 'disabled'))) return;
      fire(ctx, node, 'tap', { x: 0, y: 0 }, true, [TOUCH]);
      await deps.activity.track(builtInTap(ctx, node));
      await deps.turn();
    },
    async trigger(type, detail) {
      fire(ctx, node, type, detail ?? {}, true);
      await deps.turn();
    },
    async dispatch(eventName, init) {
      const touches = init?.touches ?? (TOUCH_EVENTS.has(eventName) ? [TOUCH] : []);
      fire(ctx, node, eventName, init?.detail ?? {}, true, touches);
      await deps.turn();
    },
    async input(value) {
      const tag = deps.tree.tagName(node);
      if (tag !== 'input' && tag !== 'textarea') throw new Error(`input() needs an <input> or <textarea>, not <${tag}>`);
      await typeInto(ctx, node, value);
      await deps.turn();
    },
  };
}
