import type { Runtime } from '../types';
import type { AppConfig } from './app-config';
import { createDefinitionRegistry, type DefinitionRegistry } from './definitions';
import type { Device } from './device';
import type { JComponent } from './exparser';
import { createModuleLoader, type AppGlobals, type ModuleLoader } from './loader';
import { createPage, type PageDeps } from './page';
import type { Renders } from './renders';
import { createRouter, type Router } from './router';
import { createAppTimers, type AppTimers } from './timers';

export interface LaunchOptions {
  path?: string;
  query?: Record<string, string>;
}

/** What the app is while it runs: killing it drops all three, and with them every module's state. */
interface Launch {
  loader: ModuleLoader;
  router: Router;
  timers: AppTimers;
}

export interface AppProcessDeps {
  config: AppConfig;
  device: Device;
  wx: Record<string, unknown>;
  jComponent: JComponent;
  renders: Renders;
  /** What every page is rendered with, besides its launch's component definitions. */
  pageDeps: Omit<PageDeps, 'definitions'>;
}

/** What one runtime keeps across launches. */
interface AppState {
  launch: Launch | null;
  /** Page ids are never reused for the runtime's life, so they count across launches. */
  nextPageId: number;
  /** Functions exposeBinding() defined: evaluate() sees them in every launch. */
  bindings: Record<string, unknown>;
}

/** App() registers the app object once its module runs; getApp() reads it. */
interface AppCell {
  value: Record<string, unknown> | null;
}

/**
 * The app as WeChat runs it: a launch evaluates the mini-program's modules afresh, runs App()'s hooks and
 * opens the first page; a kill drops the pages, timers and requests, so a relaunch starts from nothing
 * while the device (storage, user, consent) stays.
 */
export type AppProcess = Pick<Runtime, 'launch' | 'relaunch' | 'navigate' | 'currentPage' | 'pageStack' | 'evaluate' | 'exposeBinding'> & {
  kill(): void;
};

function running(state: AppState): Launch {
  if (!state.launch) throw new Error('the app is not running: call launch() first');
  return state.launch;
}

/** The globals WeChat gives the app's modules, bound to this launch's router, timers and registry. */
function wechatGlobals(deps: AppProcessDeps, router: Router, timers: AppTimers, definitions: () => DefinitionRegistry, app: AppCell): AppGlobals {
  return {
    wx: deps.wx,
    App: (appOptions: Record<string, unknown>) => {
      app.value = appOptions;
    },
    getApp: () => app.value,
    getCurrentPages: () => router.stack().map((page) => page.instance),
    Component: (componentOptions: Record<string, unknown>) => definitions().Component(componentOptions),
    Page: (pageOptions: Record<string, unknown>) => definitions().Page(pageOptions),
    Behavior: (behaviorOptions: Record<string, unknown>) => deps.jComponent.behavior(behaviorOptions),
    console: deps.device.events.console,
    ...timers.globals,
  };
}

/** One launch's loader, router, timers and component registry, wired to each other; nothing runs yet. */
function prepareLaunch(deps: AppProcessDeps, state: AppState, app: AppCell): Launch {
  const { config, device } = deps;
  const timers = createAppTimers(device.activity, device.report);
  // The Component() global and the registry refer to each other: modules call Component() while the
  // registry loads them.
  let definitions: DefinitionRegistry | null = null;
  const getDefinitions = (): DefinitionRegistry => {
    if (!definitions) throw new Error('Component() called before the app was set up');
    return definitions;
  };
  const router = createRouter({
    pages: config.appJson.pages,
    tabBar: (config.appJson.tabBar?.list ?? []).map((item) => item.pagePath),
    open: (route, query) => {
      state.nextPageId += 1;
      return createPage({ ...deps.pageDeps, definitions: getDefinitions() }, state.nextPageId, getDefinitions().load(route), query);
    },
  });
  const loader = createModuleLoader(config.root, wechatGlobals(deps, router, timers, getDefinitions, app));
  definitions = createDefinitionRegistry({
    root: config.root,
    jComponent: deps.jComponent,
    loader: () => loader,
    gesture: device.gesture,
    report: device.report,
    onRendered: deps.renders.rendered,
    appUsingComponents: config.appJson.usingComponents ?? {},
  });
  return { loader, router, timers };
}

/** App's onLaunch then onShow; an error or rejection in either is reported, as WeChat does, and the launch goes on. */
function runAppHooks(device: Device, appInstance: Record<string, unknown>, launchInfo: Record<string, unknown>): void {
  for (const hook of ['onLaunch', 'onShow']) {
    const fn = appInstance[hook];
    if (typeof fn !== 'function') continue;
    try {
      const result: unknown = (fn as (info: unknown) => unknown).call(appInstance, launchInfo);
      if (result instanceof Promise) void device.track(result.catch(device.report));
    } catch (error) {
      device.report(error);
    }
  }
}

async function boot(deps: AppProcessDeps, state: AppState, launchOptions: LaunchOptions, app: AppCell): Promise<void> {
  const entry = launchOptions.path ?? deps.config.appJson.pages[0];
  if (!entry) throw new Error('app.json lists no pages');
  const query = launchOptions.query ?? {};
  running(state).loader.load('app');
  const appInstance = app.value;
  if (!appInstance) throw new Error('app.ts did not call App()');
  runAppHooks(deps.device, appInstance, { path: entry, query, scene: 1001, referrerInfo: {}, apiCategory: 'default' });
  const search = new URLSearchParams(query).toString();
  await navigate(deps, state, 'reLaunch', `/${entry}${search ? `?${search}` : ''}`);
}

async function start(deps: AppProcessDeps, state: AppState, launchOptions: LaunchOptions = {}): Promise<void> {
  if (state.launch) throw new Error('the app is already running: use relaunch()');
  const app: AppCell = { value: null };
  const launch = prepareLaunch(deps, state, app);
  deps.device.privacy.resetListener();
  state.launch = launch;
  try {
    await boot(deps, state, launchOptions, app);
  } catch (error) {
    kill(deps, state);
    throw error;
  }
}

function kill(deps: AppProcessDeps, state: AppState): void {
  if (!state.launch) return;
  state.launch.router.kill();
  state.launch.timers.clearAll();
  deps.device.network.dropAll();
  state.launch = null;
}

function navigate(deps: AppProcessDeps, state: AppState, ...route: Parameters<Router['navigate']>): Promise<void> {
  return deps.device.track(running(state).router.navigate(...route));
}

export function createAppProcess(deps: AppProcessDeps): AppProcess {
  const state: AppState = { launch: null, nextPageId: 0, bindings: {} };
  return {
    launch: (launchOptions) => start(deps, state, launchOptions),
    async relaunch(launchOptions) {
      kill(deps, state);
      await start(deps, state, launchOptions);
    },
    kill: () => kill(deps, state),
    navigate: (kind, url, delta) => navigate(deps, state, kind, url, delta),
    currentPage: () => {
      const stack = state.launch?.router.stack() ?? [];
      return stack[stack.length - 1] ?? null;
    },
    pageStack: () => state.launch?.router.stack() ?? [],
    evaluate: async (functionDeclaration, args) => await running(state).loader.run(functionDeclaration, args, state.bindings),
    exposeBinding(name, handler) {
      state.bindings[name] = (...args: unknown[]) => handler(args);
    },
  };
}
