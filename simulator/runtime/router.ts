import * as path from 'path';
import type { RouteKind } from '../types';
import { ApiFailure } from './callbacks';
import type { LivePage } from './page';

/** WeChat keeps at most 10 pages on the stack. */
export const MAX_STACK = 10;

export interface Router {
  navigate(kind: RouteKind, url?: string, delta?: number): Promise<void>;
  stack(): LivePage[];
  /** Drops every page without lifecycles (the app was killed). */
  kill(): void;
}

export interface RouterDeps {
  pages: readonly string[];
  tabBar: readonly string[];
  open(route: string, query: Record<string, string>): LivePage;
}

export function parseUrl(url: string, from: string | null): { route: string; query: Record<string, string> } {
  const [rawPath = '', rawQuery = ''] = url.split('?');
  const base = rawPath.startsWith('/') || from === null ? rawPath : path.posix.join(path.posix.dirname(from), rawPath);
  const route = path.posix.normalize(base).replace(/^\/+/, '');
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    query[key] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  return { route, query };
}

function top(stack: readonly LivePage[]): LivePage | null {
  return stack[stack.length - 1] ?? null;
}

function unload(page: LivePage): void {
  page.lifecycle('onUnload');
  page.destroy();
}

/** Pops `count` pages, each with its onUnload. */
function unloadTop(stack: LivePage[], count: number): void {
  for (let i = 0; i < count; i += 1) {
    const page = stack.pop();
    if (page) unload(page);
  }
}

function push(deps: RouterDeps, stack: LivePage[], route: string, query: Record<string, string>): void {
  const page = deps.open(route, query);
  stack.push(page);
  page.lifecycle('onLoad', { ...query });
  page.lifecycle('onShow');
  page.lifecycle('onReady');
}

function navigateBack(stack: LivePage[], delta: number | undefined): void {
  if (stack.length <= 1) throw new ApiFailure('navigateBack:fail cannot navigate back at first page.');
  unloadTop(stack, Math.min(Math.max(1, delta ?? 1), stack.length - 1));
  top(stack)?.lifecycle('onShow');
}

/** Opens `route` as `kind` says, after WeChat's checks for that kind (tab bar pages, the stack limit). */
function open(deps: RouterDeps, stack: LivePage[], kind: Exclude<RouteKind, 'navigateBack'>, route: string, query: Record<string, string>): void {
  const isTab = deps.tabBar.includes(route);
  switch (kind) {
    case 'navigateTo':
      if (isTab) throw new ApiFailure('navigateTo:fail can not navigateTo a tabbar page');
      if (stack.length >= MAX_STACK) throw new ApiFailure('navigateTo:fail webview count limit exceed');
      top(stack)?.lifecycle('onHide');
      push(deps, stack, route, query);
      return;
    case 'redirectTo':
      if (isTab) throw new ApiFailure('redirectTo:fail can not redirectTo a tabbar page');
      unloadTop(stack, 1);
      push(deps, stack, route, query);
      return;
    case 'switchTab':
      if (!isTab) throw new ApiFailure('switchTab:fail can not switch to no-tabBar page');
      unloadTop(stack, stack.length);
      push(deps, stack, route, {});
      return;
    case 'reLaunch':
      unloadTop(stack, stack.length);
      push(deps, stack, route, query);
      return;
  }
}

function change(deps: RouterDeps, stack: LivePage[], kind: RouteKind, url: string | undefined, delta: number | undefined): void {
  if (kind === 'navigateBack') return navigateBack(stack, delta);
  if (!url) throw new ApiFailure(`${kind}:fail parameter error: parameter.url should be String instead of Undefined;`);
  const { route, query } = parseUrl(url, top(stack)?.path ?? null);
  if (!deps.pages.includes(route)) throw new ApiFailure(`${kind}:fail page "${route}" is not found`);
  open(deps, stack, kind, route, query);
}

/** A real page stack: route changes run one at a time, in order, with WeChat's lifecycles and limits. */
export function createRouter(deps: RouterDeps): Router {
  const stack: LivePage[] = [];
  let queue: Promise<void> = Promise.resolve();
  return {
    navigate(kind, url, delta) {
      const next = queue.then(() => change(deps, stack, kind, url, delta));
      queue = next.catch(() => undefined);
      return next;
    },
    stack: () => [...stack],
    kill() {
      while (stack.length > 0) stack.pop()?.destroy();
    },
  };
}
