/** Element.*: the tree, events, component data, and offsets and sizes from the layout engine. */
import type { SimElement, SimPage } from '../../types';
import type { LaidOutElement } from '../../layout/engine';
import { avatarPick, pickAvatar } from '../avatar-pick';
import { ProtocolError } from '../protocol';
import type { ParamReader } from '../params';
import { settle, settleCall } from '../settle';
import type { HandlerContext, HandlersOf } from './context';

/** DOM properties that need the layout engine, read from the laid-out element. */
const LAYOUT_PROPERTIES: Partial<Record<string, (element: LaidOutElement) => number>> = {
  offsetWidth: (element) => element.offsetWidth,
  offsetHeight: (element) => element.offsetHeight,
  offsetLeft: (element) => element.offset.left,
  offsetTop: (element) => element.offset.top,
};

/** Component helpers of Element.callFunction that map onto SimElement.input, by the tag they belong to. */
const INPUT_FUNCTIONS: Record<string, string> = { 'input.input': 'input', 'textarea.input': 'textarea' };

async function target(params: ParamReader, context: HandlerContext): Promise<{ page: SimPage; element: SimElement }> {
  await context.app.ready();
  return context.registry.element(params.params.pageId, params.params.elementId);
}

function domProperty(element: SimElement, name: string): unknown {
  if (name === 'innerText' || name === 'textContent') return element.text();
  if (name === 'innerHTML') return element.wxml('inner');
  if (name === 'outerHTML') return element.wxml('outer');
  if (name === 'id') return element.attribute('id') ?? '';
  if (name === 'className') return element.attribute('class') ?? '';
  if (name === 'tagName') return element.tagName;
  throw new ProtocolError(
    `Element.getDOMProperties: unknown property ${JSON.stringify(name)} (innerText, textContent, innerHTML, outerHTML, id, className, tagName, offsetWidth, offsetHeight, offsetLeft, offsetTop)`,
  );
}

async function domProperties(names: string[], page: SimPage, element: SimElement, context: HandlerContext): Promise<unknown[]> {
  const needsLayout = names.some((name) => name in LAYOUT_PROPERTIES);
  const laidOut = needsLayout ? await context.layout.element(context.runtime, page, element.id) : null;
  return names.map((name) => {
    const read = LAYOUT_PROPERTIES[name];
    return read !== undefined && laidOut !== null ? read(laidOut) : domProperty(element, name);
  });
}

function publicProperties(element: SimElement): Record<string, true> {
  return Object.fromEntries(element.propertyNames().map((name) => [name, true] as const));
}

function component(element: SimElement, method: string): SimElement {
  if (!element.isComponent) throw new ProtocolError(`${method}: <${element.tagName}> is not a custom component`);
  return element;
}

function touchInit(params: ParamReader): { detail?: unknown; touches?: unknown[]; changedTouches?: unknown[] } {
  const { touches, changedTouches, changeTouches, detail } = params.params;
  const changed = Array.isArray(changedTouches) ? changedTouches : Array.isArray(changeTouches) ? changeTouches : undefined;
  return {
    ...(Array.isArray(touches) ? { touches } : {}),
    ...(changed ? { changedTouches: changed } : {}),
    ...(detail !== undefined && detail !== null ? { detail } : {}),
  };
}

function touch(eventName: 'touchstart' | 'touchmove' | 'touchend') {
  return async (params: ParamReader, context: HandlerContext) => {
    const { element } = await target(params, context);
    await settle(context.runtime, element.dispatch(eventName, touchInit(params)), context.settleOptions);
    return {};
  };
}

export const elementHandlers: HandlersOf<'Element'> = {
  async 'Element.getElement'(params, context) {
    const { page, element } = await target(params, context);
    const selector = params.string('selector');
    const found = element.$(selector);
    if (found === null) throw new ProtocolError(`no element matches ${JSON.stringify(selector)} inside <${element.tagName}>`);
    return { ...context.registry.describe(page.id, found) };
  },

  async 'Element.getElements'(params, context) {
    const { page, element } = await target(params, context);
    return { elements: element.$$(params.string('selector')).map((found) => context.registry.describe(page.id, found)) };
  },

  async 'Element.getDOMProperties'(params, context) {
    const { page, element } = await target(params, context);
    return { properties: await domProperties(params.strings('names'), page, element, context) };
  },

  async 'Element.getOffset'(params, context) {
    const { page, element } = await target(params, context);
    const laidOut = await context.layout.element(context.runtime, page, element.id);
    return { left: laidOut.offset.left, top: laidOut.offset.top };
  },

  async 'Element.getProperties'(params, context) {
    const { element } = await target(params, context);
    const properties = params
      .strings('names')
      .map((name) => (name === '__propPublic' ? publicProperties(element) : element.property(name)));
    return { properties };
  },

  async 'Element.getAttributes'(params, context) {
    const { element } = await target(params, context);
    return { attributes: params.strings('names').map((name) => element.attribute(name)) };
  },

  async 'Element.getStyles'(params, context) {
    const { element } = await target(params, context);
    return { styles: params.strings('names').map((name) => element.style(name)) };
  },

  async 'Element.getWXML'(params, context) {
    const { element } = await target(params, context);
    const type = params.string('type');
    if (type !== 'inner' && type !== 'outer') throw new ProtocolError('Element.getWXML: params.type must be "inner" or "outer"');
    return { wxml: element.wxml(type) };
  },

  async 'Element.tap'(params, context) {
    const { element } = await target(params, context);
    await settle(context.runtime, element.tap(), context.settleOptions);
    return {};
  },

  'Element.touchstart': touch('touchstart'),
  'Element.touchmove': touch('touchmove'),
  'Element.touchend': touch('touchend'),

  async 'Element.triggerEvent'(params, context) {
    const { element } = await target(params, context);
    const type = params.string('type');
    const detail = params.params.detail;
    const avatarFile = avatarPick(element, type, detail);
    const action = avatarFile !== null ? pickAvatar(context.runtime, element, avatarFile) : element.trigger(type, detail ?? undefined);
    await settle(context.runtime, action, context.settleOptions);
    return {};
  },

  async 'Element.dispatchEvent'(params, context) {
    const { element } = await target(params, context);
    const eventName = params.string('eventName');
    await settle(context.runtime, element.dispatch(eventName, touchInit(params)), context.settleOptions);
    return {};
  },

  async 'Element.callFunction'(params, context) {
    const { element } = await target(params, context);
    const functionName = params.string('functionName');
    const tag = INPUT_FUNCTIONS[functionName];
    if (tag === undefined) {
      throw new ProtocolError(
        `Element.callFunction: ${functionName} is not available headless (input.input and textarea.input are; the rest need WeChat DevTools)`,
      );
    }
    if (element.tagName !== tag) throw new ProtocolError(`Element.callFunction: ${functionName} needs an <${tag}>, not <${element.tagName}>`);
    const [value] = params.array('args');
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ProtocolError(`Element.callFunction: ${functionName} needs args[0] to be a string`);
    }
    await settle(context.runtime, element.input(String(value)), context.settleOptions);
    return { result: null };
  },

  async 'Element.callMethod'(params, context) {
    const { element } = await target(params, context);
    const call = component(element, 'Element.callMethod').callMethod(params.string('method'), params.array('args'));
    return { result: await settleCall(context.runtime, call, context.settleOptions) };
  },

  async 'Element.getData'(params, context) {
    const { element } = await target(params, context);
    return { data: component(element, 'Element.getData').data(params.optionalString('path')) };
  },

  async 'Element.setData'(params, context) {
    const { element } = await target(params, context);
    const data = params.record('data');
    await settle(context.runtime, component(element, 'Element.setData').setData(data), context.settleOptions);
    return {};
  },
};

