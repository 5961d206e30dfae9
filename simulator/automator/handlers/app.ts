/** App.*: pages, wx calls and mocks, evaluate, bindings, the console, exit. */
import type { RouteKind } from '../../types';
import { isRecord, ProtocolError } from '../protocol';
import type { ParamReader } from '../params';
import { settle } from '../settle';
import { applyMock } from '../wx-mock';
import type { HandlerContext, HandlersOf } from './context';

const ROUTES: ReadonlySet<string> = new Set<RouteKind>(['navigateTo', 'redirectTo', 'reLaunch', 'switchTab', 'navigateBack']);

function isRoute(method: string): method is RouteKind {
  return ROUTES.has(method);
}

function rejectPlugin(params: ParamReader, method: string): void {
  const pluginId = params.params.pluginId;
  if (pluginId !== undefined && pluginId !== null) {
    throw new ProtocolError(`${method}: plugin ${JSON.stringify(pluginId)} is not part of this mini-program`);
  }
}

/** Route APIs go through the router and are finished before the reply (the client sleeps 3 s after it). */
async function route(kind: RouteKind, args: unknown[], context: HandlerContext): Promise<unknown> {
  const options = isRecord(args[0]) ? args[0] : {};
  const url = typeof options.url === 'string' && options.url !== '' ? options.url : undefined;
  if (kind !== 'navigateBack' && url === undefined) {
    throw new ProtocolError(`App.callWxMethod ${kind}: args[0].url must be a non-empty string`);
  }
  const delta = typeof options.delta === 'number' ? options.delta : 1;
  const runtime = await context.app.ready();
  await settle(runtime, runtime.navigate(kind, url, kind === 'navigateBack' ? delta : undefined), context.settleOptions);
  return { errMsg: `${kind}:ok` };
}

export const appHandlers: HandlersOf<'App'> = {
  async 'App.getCurrentPage'(_params, context) {
    const runtime = await context.app.ready();
    return { ...context.registry.rememberPage(runtime.currentPage()) };
  },

  async 'App.getPageStack'(_params, context) {
    const runtime = await context.app.ready();
    return { pageStack: runtime.pageStack().map((page) => context.registry.rememberPage(page)) };
  },

  async 'App.callWxMethod'(params, context) {
    rejectPlugin(params, 'App.callWxMethod');
    const method = params.string('method');
    const args = params.array('args');
    if (isRoute(method)) return { result: await route(method, args, context) };
    const runtime = await context.app.ready();
    if (typeof Reflect.get(runtime.wx, method) !== 'function') {
      throw new ProtocolError(`App.callWxMethod: wx.${method} is not a function`);
    }
    return { result: await runtime.callWx(method, args) };
  },

  async 'App.mockWxMethod'(params, context) {
    rejectPlugin(params, 'App.mockWxMethod');
    applyMock(await context.app.ready(), params);
    return {};
  },

  async 'App.callFunction'(params, context) {
    const runtime = await context.app.ready();
    return { result: await runtime.evaluate(params.string('functionDeclaration'), params.array('args')) };
  },

  async 'App.addBinding'(params, context) {
    await context.app.ready();
    context.session.addBinding(params.string('name'));
    return {};
  },

  async 'App.enableLog'(_params, { session }) {
    session.enableLog();
    return {};
  },

  async 'App.captureScreenshot'(_params, context) {
    const runtime = await context.app.ready();
    return { data: (await context.layout.screenshot(runtime)).toString('base64') };
  },

  async 'App.exit'(_params, { app }) {
    app.exit();
    return {};
  },
};
