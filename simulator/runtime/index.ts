/**
 * The headless WeChat runtime: runs the unchanged mini-program from `<projectRoot>/miniprogram` (or a build
 * of it, `miniprogramDir`) in Node (under jest or plain tsx alike).
 *
 * - app-process.ts launches, kills and relaunches the app; device.ts is what outlives a launch (storage,
 *   temp files, UI, the user, the network); app-config.ts reads app.json and project.config.json.
 * - loader.ts transpiles and evaluates the mini-program's modules per launch with WeChat's globals (wx,
 *   App, getApp, getCurrentPages, Component, Page, console, timers) passed in, so a relaunch drops all
 *   module state and nothing depends on jest's or tsx's module system.
 * - definitions.ts registers pages (Component() or Page()) and custom components (their own json's and
 *   app.json's `usingComponents`) with j-component (exparser) from their .json/.wxml/.wxss/.ts|.js;
 *   page.ts renders them into a jsdom document; router.ts keeps the page stack. renders.ts reports each
 *   template's renders (held to wcc by the tests); jcomponent-fixes.ts corrects j-component where it
 *   renders differently from WeChat.
 * - tree.ts / selector.ts / element.ts query and drive the rendered tree (element-actions.ts), including
 *   WeChat's own part of a tap (built-ins.ts: open-type buttons, forms) answered from the test's UserScript.
 * - wx.ts is `wx`, one module per group of APIs (wx-user, wx-storage, wx-ui, wx-system, wx-privacy,
 *   wx-route): real HTTP (http.ts, http-exchange.ts), the WeChat emulator's control API (emulator.ts),
 *   version-gated APIs, and a loud error for anything not implemented; wx-driver.ts is a test's hand on
 *   it (mockWx, callWx).
 */
import type { CreateRuntime, Runtime, RuntimeOptions, UiRecord, UserScript } from '../types';
import { readAppConfig } from './app-config';
import { createAppProcess, type AppProcess } from './app-process';
import { createDevice, type Device } from './device';
import { ensureDocument } from './dom';
import { createEmulatorControl } from './emulator';
import type { Exchange } from './events';
import { BUILTIN_TAGS, loadExparser, registerBuiltins } from './exparser';
import { TEMP_PATH_PREFIX } from './files';
import { createRenders, type RenderEntry, type Renders } from './renders';
import { createServerAddress, type ServerAddress } from './server-address';
import { createTree } from './tree';
import { createWaitFor } from './wait-for';
import { createWxTable } from './wx';
import { createWxDriver, type WxDriver } from './wx-driver';

export const DEFAULT_SDK_VERSION = '3.7.0';

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

/** The parts a runtime is made of, as exposeRuntime() presents them. */
interface RuntimeParts {
  projectRoot: string;
  sdkVersion: string;
  openid: string;
  server: ServerAddress;
  device: Device;
  driver: WxDriver;
  app: AppProcess;
  renders: Renders;
}

export async function createHeadlessRuntime(options: RuntimeOptions): Promise<HeadlessRuntime> {
  if (typeof fetch !== 'function') {
    throw new Error('the headless runtime needs the global fetch of Node 20+; under jest use the node environment (@jest-environment node)');
  }
  const document = ensureDocument();
  const { exparser, jComponent } = loadExparser();
  registerBuiltins(jComponent);

  const config = readAppConfig(options);
  const sdkVersion = options.sdkVersion ?? DEFAULT_SDK_VERSION;
  const server = createServerAddress(options.serverUrl);
  const emulator = createEmulatorControl(server.url);
  const openid = options.openid ?? (await emulator.loginCode()).openid;

  const device = createDevice({ config, sdkVersion, server, storageFile: options.storageFile, user: options.user });
  const tree = createTree(exparser, new Set<string>(BUILTIN_TAGS));
  const renders = createRenders(tree);
  // wx navigates through the app, and the app's modules see wx: the table reaches the app only when called.
  const driver = createWxDriver(
    createWxTable({ ...device, sdkVersion, appId: config.appId, openid: () => openid, emulator, navigate: (kind, url, delta) => app.navigate(kind, url, delta) }),
    sdkVersion,
  );
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const app = createAppProcess({
    config,
    device,
    wx: driver.wx,
    jComponent,
    renders,
    pageDeps: { ...device, exparser, tree, emulator, openid: () => openid, sdkVersion, turn, jComponent, document },
  });
  return exposeRuntime({ projectRoot: options.projectRoot, sdkVersion, openid, server, device, driver, app, renders });
}

function exposeRuntime({ projectRoot, sdkVersion, openid, server, device, driver, app, renders }: RuntimeParts): HeadlessRuntime {
  const { activity, events, files, ui } = device;
  return {
    wx: driver.wx as unknown as WechatMiniprogram.Wx,
    openid,
    sdkVersion,
    get user() {
      return device.user();
    },
    set user(next: UserScript) {
      device.setUser(next);
    },
    ui,
    launch: app.launch,
    relaunch: app.relaunch,
    idle: () => activity.idle(),
    waitFor: createWaitFor(activity),
    async close() {
      app.kill();
      files.dispose();
    },
    navigate: app.navigate,
    currentPage: app.currentPage,
    pageStack: app.pageStack,
    mockWx: driver.mockWx,
    restoreWx: driver.restoreWx,
    callWx: driver.callWx,
    evaluate: app.evaluate,
    exposeBinding: app.exposeBinding,
    on: events.on,
    projectRoot,
    tempFile(tempPath) {
      if (!tempPath.startsWith(TEMP_PATH_PREFIX)) return null;
      return files.read(tempPath);
    },
    onExchange: (listener) => events.on('exchange', listener),
    onUi: (listener) => ui.onRecord(listener),
    onRender: renders.on,
    retarget: server.retarget,
  };
}

export const createRuntime: CreateRuntime = createHeadlessRuntime;
