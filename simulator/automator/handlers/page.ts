/** Page.*: element lookup by selector or XPath, page data and methods. */
import type { SimElement, SimPage } from '../../types';
import { ProtocolError } from '../protocol';
import type { ParamReader } from '../params';
import { settle, settleCall } from '../settle';
import { xpathToSelector } from '../xpath';
import type { HandlerContext, HandlersOf } from './context';

async function page(params: ParamReader, context: HandlerContext): Promise<SimPage> {
  await context.app.ready();
  return context.registry.page(params.params.pageId);
}

function one(found: SimElement | null, selector: string, where: string): SimElement {
  if (found === null) throw new ProtocolError(`no element matches ${JSON.stringify(selector)} on ${where}`);
  return found;
}

export const pageHandlers: HandlersOf<'Page'> = {
  async 'Page.getElement'(params, context) {
    const target = await page(params, context);
    const selector = params.string('selector');
    return { ...context.registry.describe(target.id, one(target.$(selector), selector, `page ${target.path}`)) };
  },

  async 'Page.getElements'(params, context) {
    const target = await page(params, context);
    return { elements: target.$$(params.string('selector')).map((element) => context.registry.describe(target.id, element)) };
  },

  async 'Page.getElementByXpath'(params, context) {
    const target = await page(params, context);
    const xpath = params.string('selector');
    const found = target.$(xpathToSelector(xpath));
    return { ...context.registry.describe(target.id, one(found, xpath, `page ${target.path}`)) };
  },

  async 'Page.getElementsByXpath'(params, context) {
    const target = await page(params, context);
    const selector = xpathToSelector(params.string('selector'));
    return { elements: target.$$(selector).map((element) => context.registry.describe(target.id, element)) };
  },

  async 'Page.getData'(params, context) {
    const target = await page(params, context);
    return { data: target.data(params.optionalString('path')) };
  },

  async 'Page.setData'(params, context) {
    const target = await page(params, context);
    await settle(context.runtime, target.setData(params.record('data')), context.settleOptions);
    return {};
  },

  async 'Page.getWindowProperties'(params, context) {
    const target = await page(params, context);
    return { properties: await context.layout.windowProperties(context.runtime, target, params.strings('names')) };
  },

  async 'Page.callMethod'(params, context) {
    const target = await page(params, context);
    const call = target.callMethod(params.string('method'), params.array('args'));
    return { result: await settleCall(context.runtime, call, context.settleOptions) };
  },
};
