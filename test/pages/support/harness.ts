/**
 * Opens a page of the mini-program in miniprogram-simulate against a fresh fake `wx` (test/support).
 *
 * Every open starts from scratch: jest.resetModules() so the page, the core's lazily built services and
 * the privacy gate are created again on the new fake, and a fresh miniprogram-simulate. simulate merges
 * its own `wx` mock under the global one when it loads; the fake is installed again afterwards so that
 * APIs a base library lacks (getAppBaseInfo, getUserProfile, …) stay absent instead of being filled in
 * by simulate's mock with its own version.
 */
import * as path from 'path';
import { createFakeWx, type ContractServer, type FakeWx, type FakeWxOptions } from '../../support/fake-wx';
import { waitFor } from '../../support/wait';
import { API_BASE_URLS } from '../../../miniprogram/config';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../../miniprogram');

export type PageName = 'index' | 'auth' | 'ucenter' | 'delete-account' | 'agreement';

/**
 * The part of miniprogram-simulate used here. Its own typings are not imported: they pull in
 * j-component's nested, older miniprogram-api-typings, whose global `Component` clashes with ours and
 * breaks the typing of every page's `this`.
 */
interface Node {
  readonly dom: HTMLElement | undefined;
  dispatchEvent(eventName: string, options?: { detail?: object }): void;
  querySelector(selector: string): Node | undefined;
  toJSON(): { attrs: Array<{ name: string; value: unknown }>; event: Record<string, unknown> };
}

interface RootNode extends Node {
  readonly data: Record<string, unknown>;
  readonly instance: Record<string, unknown>;
  attach(parent: globalThis.Node): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options: { rootPath: string }): string;
  render(id: string): RootNode;
}

export interface OpenOptions extends FakeWxOptions<ContractServer> {
  /** Runs after the fake exists and before the page loads: seed the server, script answers, patch the fake. */
  before?: (fake: FakeWx<ContractServer>) => void;
  /** Call onLoad (default true). */
  load?: boolean;
  /** The page's query, handed to onLoad. */
  query?: Record<string, string>;
}

export interface PageHarness {
  fake: FakeWx<ContractServer>;
  /** All rendered text, whitespace collapsed. */
  text(selector?: string): string;
  exists(selector: string): boolean;
  /** A bindtap. */
  tap(selector: string): void;
  /** Any other event, e.g. an open-type event simulate never fires itself: `getphonenumber` with its detail. */
  dispatch(selector: string, eventName: string, detail: object): void;
  /** Calls a page lifecycle in `methods` (onLoad, onShow, onUnload), as WeChat would. */
  lifecycle(name: 'onLoad' | 'onShow' | 'onUnload', query?: Record<string, string>): void;
  /**
   * Calls a page method directly, synchronously: simulate delivers dispatched events a microtask later,
   * too late to tell whether the handler itself made a call (wx.getUserProfile must come from the tap).
   */
  invoke(method: string, ...args: unknown[]): unknown;
  data(): Record<string, unknown>;
  /** Waits until the condition holds (bounded; throws with `what` otherwise). */
  until(condition: () => boolean, what: string): Promise<void>;
  untilText(text: string, selector?: string): Promise<void>;
  untilExists(selector: string): Promise<void>;
  detach(): void;
  /** Attributes as the template set them (camelCased, e.g. openType), for the element `selector`. */
  attrs(selector: string): Record<string, unknown>;
  /** Events the element listens to, e.g. ['getphonenumber']. */
  events(selector: string): string[];
}

function collapse(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function openPage(name: PageName, options: OpenOptions = {}): PageHarness {
  const { before, load = true, query, ...fakeOptions } = options;
  jest.resetModules();
  const simulate = require('miniprogram-simulate') as Simulate;
  const fake = createFakeWx<ContractServer>(fakeOptions);
  (globalThis as { wx?: unknown }).wx = fake.wx;
  // What app.ts does before any page exists (pages load here without the app).
  (require('miniprogram-login') as typeof import('miniprogram-login')).configure({ baseUrl: API_BASE_URLS });
  before?.(fake);

  const id = simulate.load(path.join(MINIPROGRAM_ROOT, 'pages', name, name), { rootPath: MINIPROGRAM_ROOT });
  const root = simulate.render(id);
  const parent = document.createElement('parent-wrapper');
  document.body.appendChild(parent);
  root.attach(parent);


  /** `a >>> b` looks for `b` inside the custom component `a`. */
  function lookup(selector: string): Node | undefined {
    const [first, ...rest] = selector.split('>>>').map((part) => part.trim());
    let node = root.querySelector(first);
    for (const part of rest) node = node?.querySelector(part);
    return node;
  }

  function find(selector: string): Node {
    const node = lookup(selector);
    if (node === undefined) throw new Error(`${name}: no element matches ${selector}; text: ${collapse(root.dom?.textContent ?? null)}`);
    return node;
  }

  const harness: PageHarness = {
    fake,
    text: (selector) => collapse((selector === undefined ? root.dom : find(selector).dom)?.textContent ?? null),
    exists: (selector) => lookup(selector) !== undefined,
    attrs(selector) {
      const json = find(selector).toJSON();
      return Object.fromEntries(json.attrs.map((attr) => [attr.name, attr.value]));
    },
    events: (selector) => Object.keys(find(selector).toJSON().event),
    tap: (selector) => find(selector).dispatchEvent('tap'),
    dispatch: (selector, eventName, detail) => find(selector).dispatchEvent(eventName, { detail }),
    lifecycle(lifecycleName, query = {}) {
      const method = root.instance[lifecycleName];
      if (typeof method !== 'function') throw new Error(`${name} has no ${lifecycleName}`);
      method.call(root.instance, query);
    },
    invoke(method, ...args) {
      const handler = root.instance[method];
      if (typeof handler !== 'function') throw new Error(`${name} has no method ${method}`);
      return handler.apply(root.instance, args);
    },
    data: () => root.data,
    until: (condition, what) => waitFor(condition, `${name}: ${what}`),
    untilText: (text, selector) =>
      waitFor(
        () => (selector === undefined || lookup(selector) !== undefined) && harness.text(selector).includes(text),
        `${name}: text "${text}"${selector ? ` in ${selector}` : ''}`,
      ),
    untilExists: (selector) => waitFor(() => lookup(selector) !== undefined, `${name}: ${selector}`),
    detach() {
      root.detach();
      parent.remove();
    },
  };
  if (load) harness.lifecycle('onLoad', query);
  return harness;
}
