/**
 * The layout engine behind the automator's layout methods (App.captureScreenshot, Page.getWindowProperties,
 * Element.getOffset, the offset* DOM properties). Chromium starts on the first such request, once per
 * endpoint; without it those requests fail with what to install and everything else works as before.
 */
import type { Runtime, SimPage } from '../types';
import { createLayoutEngine, type LaidOutElement, type Layout, type LayoutEngine } from '../layout/engine';
import { IPHONE_8 } from '../layout/device';
import { loadLayoutProject, type LayoutProject } from '../layout/project';
import { captureScene, type Scene } from '../layout/scene';
import { ProtocolError } from './protocol';

export interface LayoutAccess {
  /** A PNG of the screen (750×1334: 375×667 @2x). */
  screenshot(runtime: Runtime): Promise<Buffer>;
  /** Window properties of `page`'s webview; the page must be the one in front. */
  windowProperties(runtime: Runtime, page: SimPage, names: readonly string[]): Promise<unknown[]>;
  /** The laid-out element with this SimElement id on `page`. */
  element(runtime: Runtime, page: SimPage, elementId: string): Promise<LaidOutElement>;
  close(): Promise<void>;
}

export interface LayoutAccessOptions {
  projectRoot: string;
  /** Chromium to drive; default CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
}

export function createLayoutAccess(options: LayoutAccessOptions): LayoutAccess {
  let engine: Promise<LayoutEngine> | null = null;
  let project: LayoutProject | null = null;

  const ready = async (): Promise<LayoutEngine> => {
    if (!engine) {
      const starting = createLayoutEngine(options.executablePath !== undefined ? { executablePath: options.executablePath } : {});
      engine = starting;
      // A failed start (no Chromium) is not kept: the next request tries again.
      starting.catch(() => {
        if (engine === starting) engine = null;
      });
    }
    return engine;
  };
  const scene = (runtime: Runtime, page?: SimPage): Scene => {
    const front = runtime.currentPage();
    if (page && front?.id !== page.id) throw new ProtocolError(`page ${page.id} (${page.path}) is not in front: only the page in front is laid out`);
    project ??= loadLayoutProject(options.projectRoot);
    return captureScene(runtime, project, IPHONE_8);
  };
  const layout = async (runtime: Runtime, page: SimPage): Promise<Layout> => {
    const running = await ready();
    return running.layout(scene(runtime, page));
  };

  return {
    async screenshot(runtime) {
      const running = await ready();
      return (await running.screenshot(scene(runtime))).png;
    },
    async windowProperties(runtime, page, names) {
      const running = await ready();
      return running.windowProperties(scene(runtime, page), names);
    },
    async element(runtime, page, elementId) {
      const found = (await layout(runtime, page)).elements.find((element) => element.key === elementId);
      if (!found) throw new ProtocolError(`element ${elementId} is not rendered on page ${page.path} (removed by wx:if, or inside a hidden parent)`);
      return found;
    },
    async close() {
      const running = engine;
      engine = null;
      if (running) await (await running.catch(() => null))?.close();
    },
  };
}
