/**
 * The layout engine: a scene (simulator/layout/scene.ts) laid out by headless Chromium, one browser and
 * one tab for the engine's life, one scene at a time. Every element's box comes back twice: as WeChat
 * lays it out (the built-in styles with their own specificity) and as the page's WXSS designs it (the
 * same built-in styles in a cascade layer beneath every WXSS rule), so a check can tell where the base
 * library overrules the page.
 */
import type { Frame, Page } from 'puppeteer-core';
import { chromiumPath, launchChromium, type RunningBrowser } from './chromium';
import { webviewTop, type Device } from './device';
import type { Scene } from './scene';
import type { ElementInfo } from './webview';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How an element is painted: its box (screen coordinates, scrolled to the top) and colours. */
export interface Painted {
  readonly box: Box;
  readonly color: string;
  readonly backgroundColor: string;
}

export interface LaidOutElement extends ElementInfo, Painted {
  /** The same element under the page's WXSS alone winning over the built-in styles. */
  readonly designed: Painted;
  /** Rendered with a size (display is not none, not collapsed to nothing). */
  readonly visible: boolean;
  /** A finger on its centre reaches it (nothing covers it, no mask over the page). */
  readonly reachable: boolean;
  /** The union of its own text's line boxes, or null when it has no text of its own. */
  readonly textBox: Box | null;
  /** Its text is cut with an ellipsis by design (text-overflow: ellipsis). */
  readonly ellipsis: boolean;
  /** Content wider than the element that it clips (overflow hidden, no ellipsis). */
  readonly clipsContent: boolean;
  readonly offsetWidth: number;
  readonly offsetHeight: number;
  /** Offset from the page's origin (the webview's document), as Element.getOffset answers. */
  readonly offset: { left: number; top: number };
}

export interface Layout {
  readonly device: Device;
  readonly pagePath: string;
  /** Where WeChat's status and navigation bars end and the page begins. */
  readonly webviewTop: number;
  readonly elements: readonly LaidOutElement[];
}

export interface LayoutEngine {
  layout(scene: Scene): Promise<Layout>;
  /** The screen as a PNG (device pixels: 750×1334 for 375×667 @2x) and its layout. */
  screenshot(scene: Scene): Promise<{ layout: Layout; png: Buffer }>;
  /** Window properties of the page's webview by dotted path (`document.documentElement.scrollHeight`). */
  windowProperties(scene: Scene, names: readonly string[]): Promise<unknown[]>;
  close(): Promise<void>;
}

interface RawPainted {
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  backgroundColor: string;
}

interface RawDetails {
  visible: boolean;
  covered: boolean;
  textBox: { x: number; y: number; width: number; height: number } | null;
  ellipsis: boolean;
  clipsContent: boolean;
  offsetWidth: number;
  offsetHeight: number;
}

interface RawMeasurement {
  actual: Record<string, RawPainted>;
  designed: Record<string, RawPainted>;
  details: Record<string, RawDetails>;
}

/**
 * Runs inside the webview frame. A source string rather than a function, so that no transpiler helper
 * (tsx, ts-jest) ends up in code that runs in the browser.
 */
const MEASURE = `(() => {
  const elements = Array.from(document.querySelectorAll('[data-key]'));
  const paint = () => {
    const out = {};
    for (const el of elements) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      out[el.dataset.key] = { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, color: cs.color, backgroundColor: cs.backgroundColor };
    }
    return out;
  };
  const actual = paint();
  const details = {};
  for (const el of elements) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    let text = null;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3 || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        const box = { l: line.left, t: line.top, r: line.right, b: line.bottom };
        text = text ? { l: Math.min(text.l, box.l), t: Math.min(text.t, box.t), r: Math.max(text.r, box.r), b: Math.max(text.b, box.b) } : box;
      }
    }
    const visible = r.width > 0 && r.height > 0 && cs.visibility !== 'hidden';
    let covered = false;
    if (visible) {
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      if (cx >= 0 && cy >= 0 && cx < innerWidth && cy < innerHeight) {
        const hit = document.elementFromPoint(cx, cy);
        covered = !hit || !(hit === el || el.contains(hit));
      }
    }
    const ellipsis = cs.textOverflow === 'ellipsis';
    const clips = cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    details[el.dataset.key] = {
      visible, covered, ellipsis, clipsContent: clips && !ellipsis,
      textBox: text ? { x: text.l + scrollX, y: text.t + scrollY, width: text.r - text.l, height: text.b - text.t } : null,
      offsetWidth: el.offsetWidth || Math.round(r.width), offsetHeight: el.offsetHeight || Math.round(r.height),
    };
  }
  const builtin = document.getElementById('wx-builtin');
  const rules = builtin.textContent;
  builtin.textContent = '@layer wechat {' + rules + '}';
  const designed = paint();
  builtin.textContent = rules;
  return { actual, designed, details };
})()`;

const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function readProperties(names: readonly string[]): string {
  return `(${JSON.stringify(names)}).map((name) => name.split('.').reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), window))`;
}

function toScreen(raw: RawPainted, top: number): Painted {
  return { box: { x: raw.x, y: raw.y + top, width: raw.width, height: raw.height }, color: raw.color, backgroundColor: raw.backgroundColor };
}

function assemble(scene: Scene, raw: RawMeasurement): Layout {
  const top = webviewTop(scene.device);
  const elements: LaidOutElement[] = [];
  for (const [key, info] of scene.elements) {
    const actual = raw.actual[key];
    const designed = raw.designed[key];
    const details = raw.details[key];
    if (!actual || !designed || !details) continue;
    const painted = toScreen(actual, top);
    const text = details.textBox;
    elements.push({
      ...info,
      ...painted,
      designed: toScreen(designed, top),
      visible: details.visible,
      reachable: details.visible && !details.covered && !scene.masked,
      textBox: text ? { x: text.x, y: text.y + top, width: text.width, height: text.height } : null,
      ellipsis: details.ellipsis,
      clipsContent: details.clipsContent,
      offsetWidth: details.offsetWidth,
      offsetHeight: details.offsetHeight,
      offset: { left: actual.x, top: actual.y },
    });
  }
  return { device: scene.device, pagePath: scene.pagePath, webviewTop: top, elements };
}

/** Only the phone's own server may be reached; anything else (a CDN avatar) fails at once, offline. */
function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('about:')) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

export async function createLayoutEngine(options: { executablePath?: string } = {}): Promise<LayoutEngine> {
  const running: RunningBrowser = await launchChromium(options.executablePath ?? chromiumPath());
  let tab: Page;
  try {
    tab = await running.browser.newPage();
    await tab.setRequestInterception(true);
    tab.on('request', (request) => {
      if (isLocal(request.url())) void request.continue();
      else void request.abort('blockedbyclient');
    });
  } catch (error) {
    await running.close();
    throw error;
  }
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const show = async (scene: Scene): Promise<Frame> => {
    await tab.setViewport({ width: scene.device.width, height: scene.device.height, deviceScaleFactor: scene.device.pixelRatio });
    await tab.setContent(scene.html, { waitUntil: 'load', timeout: 15_000 });
    const frame = tab.frames().find((candidate) => candidate !== tab.mainFrame());
    if (!frame) throw new Error('the webview frame did not load');
    return frame;
  };
  const measure = async (scene: Scene, frame: Frame): Promise<Layout> => assemble(scene, (await frame.evaluate(MEASURE)) as RawMeasurement);

  return {
    layout: (scene) => serial(async () => measure(scene, await show(scene))),
    screenshot: (scene) =>
      serial(async () => {
        const frame = await show(scene);
        const layout = await measure(scene, frame);
        const png = Buffer.from(await tab.screenshot({ type: 'png' }));
        return { layout, png };
      }),
    windowProperties: (scene, names) =>
      serial(async () => {
        const invalid = names.find((name) => !PROPERTY_PATH.test(name));
        if (invalid !== undefined) throw new Error(`${JSON.stringify(invalid)} is not a property path such as document.documentElement.scrollHeight`);
        const frame = await show(scene);
        return (await frame.evaluate(readProperties(names))) as unknown[];
      }),
    close: () => serial(() => running.close()),
  };
}
