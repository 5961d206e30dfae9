/**
 * The headless WeChat runtime: runs the unchanged mini-program from `<projectRoot>/miniprogram` (or a build
 * of it, `miniprogramDir`) in Node (under jest or plain tsx alike).
 *
 * - loader.ts transpiles and evaluates the mini-program's modules per launch with WeChat's globals (wx,
 *   App, getApp, getCurrentPages, Component, Page, console, timers) passed in, so a relaunch drops all
 *   module state and nothing depends on jest's or tsx's module system.
 * - definitions.ts registers pages (Component() or Page()) and custom components (their own json's and
 *   app.json's `usingComponents`) with j-component (exparser) from their .json/.wxml/.wxss/.ts|.js;
 *   page.ts renders them into a jsdom document; router.ts keeps the page stack. renders.ts reports each
 *   template's renders (held to wcc by the tests); jcomponent-fixes.ts corrects j-component where it
 *   renders differently from WeChat.
 * - tree.ts / selector.ts / element.ts query and drive the rendered tree, including WeChat's own part of
 *   a tap (open-type buttons, forms) answered from the test's UserScript.
 * - wx.ts is `wx`: real HTTP (http.ts), the WeChat emulator's control API (emulator.ts), storage, UI
 *   records, privacy, version-gated APIs, and a loud error for anything not implemented.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CreateRuntime, Runtime, RuntimeOptions, RouteKind, SimPage, UiRecord, UserScript } from '../types';
import { createActivity } from './activity';
import { createDefinitionRegistry, createGesture, type DefinitionRegistry } from './definitions';
import { ensureDocument } from './dom';
import { createEmulatorControl } from './emulator';
import { BUILTIN_TAGS, loadExparser, registerBuiltins } from './exparser';
import { createTempFiles, TEMP_PATH_PREFIX } from './files';
import { solidPng } from './png';
import { createNetwork } from './http';
import { createModuleLoader, type ModuleLoader } from './loader';
import { createPage } from './page';
import { createPrivacy } from './privacy';
import { createRouter, type Router } from './router';
import { createStorage } from './storage';
import { isSyncApi } from './sync-apis';
import { createTree } from './tree';
import { createUi } from './ui';
import { createWxProxy, createWxTable } from './wx';
import { atLeast, SINCE } from './version';
import { createAppTimers, type AppTimers } from './timers';
import { createEvents, type Exchange } from './events';
import { createRenders, type RenderEntry } from './renders';

/** The develop origin the client's config answers for envVersion 'develop'; rewritten to the real server. */
export const CLIENT_DEVELOP_ORIGIN = 'http://127.0.0.1:3000';
export const DEFAULT_SDK_VERSION = '3.7.0';
const WAIT_POLL_MS = 100;

/** The user's defaults: allow everything, privacy agree; the avatar is a small PNG the runtime makes. */
export function defaultUser(avatarFile: string): UserScript {
  return {
    profile: { answer: 'allow', nickName: '测试用户', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/headless-default/132' },
    avatar: { answer: 'choose', filePath: avatarFile },
    nickname: { value: '测试用户' },
    phone: { answer: 'allow', phoneNumber: '13800138000', countryCode: '86' },
    privacy: 'agree',
  };
}

interface AppJson {
  pages: string[];
  tabBar?: { list?: Array<{ pagePath: string }> };
  networkTimeout?: { request?: number; uploadFile?: number };
  usingComponents?: Record<string, unknown>;
  __usePrivacyCheck__?: boolean;
}

function readJson<T>(file: string, fallback: T): T {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : fallback;
}

interface Launch {
  loader: ModuleLoader;
  router: Router;
  timers: AppTimers;
}

const TASK_APIS = new Set(['request', 'uploadFile', 'downloadFile']);

/** The Runtime plus what only the journeys and demo need: the network log and re-pointing at a restarted server. */
export interface HeadlessRuntime extends Runtime {
  onExchange(listener: (exchange: Exchange) => void): () => void;
  /** Every modal, toast and loading indicator as it is shown. */
  onUi(listener: (record: UiRecord) => void): () => void;
  /** The server moved (restarted on another port): requests and the emulator go to `url` from now on. */
  retarget(url: string): void;
  /** Every render of a page's or component's own template, with the data it rendered (renders.ts). */
  onRender(listener: (entry: RenderEntry) => void): () => void;
}

export async function createHeadlessRuntime(options: RuntimeOptions): Promise<HeadlessRuntime> {
  if (typeof fetch !== 'function') {
    throw new Error('the headless runtime needs the global fetch of Node 20+; under jest use the node environment (@jest-environment node)');
  }
  const document = ensureDocument();
  const { exparser, jComponent } = loadExparser();
  registerBuiltins(jComponent);

  const root = options.miniprogramDir ?? path.join(options.projectRoot, 'miniprogram');
  const appJson = readJson<AppJson>(path.join(root, 'app.json'), { pages: [] });
  const projectConfig = readJson<{ appid?: string }>(path.join(options.projectRoot, 'project.config.json'), {});
  const sdkVersion = options.sdkVersion ?? DEFAULT_SDK_VERSION;
  let serverUrl = options.serverUrl.replace(/\/+$/, '');
  const emulator = createEmulatorControl(() => serverUrl);
  const openid = options.openid ?? (await emulator.loginCode()).openid;

  const events = createEvents();
  const report = events.reportError;
  const activity = createActivity();
  const ui = createUi();
  const storage = createStorage(options.storageFile);
  const files = createTempFiles();
  const gesture = createGesture();
  let user: UserScript = { ...defaultUser(files.create('default-avatar.png', solidPng(8, 8, [7, 193, 96]))), ...options.user };
  const privacy = createPrivacy({ enabled: appJson.__usePrivacyCheck__ !== false && atLeast(sdkVersion, SINCE.privacyApi), answer: () => user.privacy, report });
  const tree = createTree(exparser, new Set<string>(BUILTIN_TAGS));
  const renders = createRenders(tree);
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const track = <T>(work: Promise<T>): Promise<T> => activity.track(work);

  let launch: Launch | null = null;
  let nextPageId = 0;
  const current = (): Launch => {
    if (!launch) throw new Error('the app is not running: call launch() first');
    return launch;
  };

  const network = createNetwork({
    activity,
    files,
    report,
    rewrite: (url) => (url.startsWith(CLIENT_DEVELOP_ORIGIN) ? serverUrl + url.slice(CLIENT_DEVELOP_ORIGIN.length) : url),
    timeouts: { request: appJson.networkTimeout?.request ?? 60000, uploadFile: appJson.networkTimeout?.uploadFile ?? 60000 },
    onExchange: events.exchange,
  });

  const navigate = (kind: RouteKind, url?: string, delta?: number): Promise<void> => track(current().router.navigate(kind, url, delta));

  const table = createWxTable({
    sdkVersion,
    appId: projectConfig.appid ?? 'touristappid',
    user: () => user,
    openid: () => openid,
    storage,
    ui,
    network,
    emulator,
    privacy,
    gesture,
    activity,
    report,
    navigate,
  });
  const mocks = new Map<string, unknown>();
  const wx = createWxProxy(table, mocks, sdkVersion);
  const bindings: Record<string, unknown> = {};

  const pageDeps = (definitions: DefinitionRegistry) => ({
    exparser,
    tree,
    activity,
    privacy,
    emulator,
    files,
    user: () => user,
    openid: () => openid,
    sdkVersion,
    turn,
    jComponent,
    definitions,
    document,
    track,
  });

  const start = async (launchOptions: { path?: string; query?: Record<string, string> } = {}): Promise<void> => {
    if (launch) throw new Error('the app is already running: use relaunch()');
    const timers = createAppTimers(activity, report);
    // The Component() global and the registry refer to each other: modules call Component() while the
    // registry loads them.
    let definitions: DefinitionRegistry | null = null;
    let app: Record<string, unknown> | null = null;
    const getDefinitions = (): DefinitionRegistry => {
      if (!definitions) throw new Error('Component() called before the app was set up');
      return definitions;
    };
    const router = createRouter({
      pages: appJson.pages,
      tabBar: (appJson.tabBar?.list ?? []).map((item) => item.pagePath),
      open: (route, query) => {
        nextPageId += 1;
        return createPage(pageDeps(getDefinitions()), nextPageId, getDefinitions().load(route), query);
      },
    });
    const loader = createModuleLoader(root, {
      wx,
      App: (appOptions: Record<string, unknown>) => {
        app = appOptions;
      },
      getApp: () => app,
      getCurrentPages: () => router.stack().map((page) => page.instance),
      Component: (componentOptions: Record<string, unknown>) => getDefinitions().Component(componentOptions),
      Page: (pageOptions: Record<string, unknown>) => getDefinitions().Page(pageOptions),
      Behavior: (behaviorOptions: Record<string, unknown>) => jComponent.behavior(behaviorOptions),
      console: events.console,
      ...timers.globals,
    });
    definitions = createDefinitionRegistry({ root, jComponent, loader: () => loader, gesture, report, onRendered: renders.rendered,
      appUsingComponents: appJson.usingComponents ?? {},
    });
    privacy.resetListener();
    launch = { loader, router, timers };
    try {
      await boot(launchOptions, loader, () => app);
    } catch (error) {
      kill();
      throw error;
    }
  };

  const boot = async (
    launchOptions: { path?: string; query?: Record<string, string> },
    loader: ModuleLoader,
    app: () => Record<string, unknown> | null,
  ): Promise<void> => {
    const entry = launchOptions.path ?? appJson.pages[0];
    if (!entry) throw new Error('app.json lists no pages');
    const query = launchOptions.query ?? {};
    loader.load('app');
    const appInstance = app();
    if (!appInstance) throw new Error('app.ts did not call App()');
    const launchInfo = { path: entry, query, scene: 1001, referrerInfo: {}, apiCategory: 'default' };
    for (const hook of ['onLaunch', 'onShow']) {
      const fn = appInstance[hook];
      if (typeof fn !== 'function') continue;
      try {
        const result: unknown = (fn as (info: unknown) => unknown).call(appInstance, launchInfo);
        if (result instanceof Promise) void track(result.catch(report));
      } catch (error) {
        report(error);
      }
    }
    const search = new URLSearchParams(query).toString();
    await navigate('reLaunch', `/${entry}${search ? `?${search}` : ''}`);
  };

  const kill = (): void => {
    if (!launch) return;
    launch.router.kill();
    launch.timers.clearAll();
    network.dropAll();
    launch = null;
  };

  const waitFor = async <T>(predicate: () => T | Promise<T>, message: string, timeoutMs = 5000): Promise<NonNullable<T>> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const remaining = deadline - Date.now();
      // Work that never settles (a held request, a stalled server) must not stop the polling.
      let poll: NodeJS.Timeout | undefined;
      await Promise.race([activity.idle(), new Promise((resolve) => (poll = setTimeout(resolve, Math.min(Math.max(0, remaining), WAIT_POLL_MS))))]);
      clearTimeout(poll);
      try {
        const value = await predicate();
        if (value !== undefined && value !== null && value !== false && value !== '' && value !== 0) return value as NonNullable<T>;
        last = value;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() >= deadline) throw new Error(`${message} (waited ${timeoutMs} ms; last: ${JSON.stringify(last) ?? String(last)})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const runtime: HeadlessRuntime = {
    wx: wx as unknown as WechatMiniprogram.Wx,
    openid,
    sdkVersion,
    get user() {
      return user;
    },
    set user(next: UserScript) {
      user = next;
    },
    ui,
    launch: start,
    async relaunch(launchOptions) {
      kill();
      await start(launchOptions);
    },
    idle: () => activity.idle(),
    waitFor,
    async close() {
      kill();
      files.dispose();
    },
    navigate,
    currentPage: (): SimPage | null => {
      const stack = launch?.router.stack() ?? [];
      return stack[stack.length - 1] ?? null;
    },
    pageStack: (): SimPage[] => launch?.router.stack() ?? [],
    mockWx(method, impl) {
      const origin = (...args: unknown[]): unknown => {
        const original = table[method];
        if (typeof original !== 'function') throw new Error(`wx.${method} has no original implementation`);
        return (original as (...params: unknown[]) => unknown)(...args);
      };
      mocks.set(method, (...args: unknown[]) => impl.call({ origin }, ...args));
    },
    restoreWx(method) {
      mocks.delete(method);
    },
    async callWx(method, args) {
      const fn = wx[method];
      if (typeof fn !== 'function') throw new Error(`wx.${method} is not available on base library ${sdkVersion}`);
      const call = fn as (...params: unknown[]) => unknown;
      if (isSyncApi(method)) return call(...args);
      const first = typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : {};
      return new Promise<unknown>((resolve, reject) => {
        const returned = call({ ...first, success: resolve, fail: reject }, ...args.slice(1));
        if (returned instanceof Promise) returned.then(resolve, reject);
        else if (returned !== undefined && !TASK_APIS.has(method)) resolve(returned);
      });
    },
    async evaluate(functionDeclaration, args) {
      return await current().loader.run(functionDeclaration, args, bindings);
    },
    exposeBinding(name, handler) {
      bindings[name] = (...args: unknown[]) => handler(args);
    },
    on: events.on,
    projectRoot: options.projectRoot,
    tempFile(tempPath) {
      if (!tempPath.startsWith(TEMP_PATH_PREFIX)) return null;
      return files.read(tempPath);
    },
    onExchange: (listener) => events.on('exchange', listener),
    onUi: (listener) => ui.onRecord(listener),
    onRender: renders.on,
    retarget(url) {
      serverUrl = url.replace(/\/+$/, '');
    },
  };
  return runtime;
}

export const createRuntime: CreateRuntime = createHeadlessRuntime;

