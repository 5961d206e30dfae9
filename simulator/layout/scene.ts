/**
 * A snapshot of what the phone shows, taken synchronously from the runtime (so a journey can keep going
 * while it is laid out): the webview document of the page in front, WeChat's bars around it and the
 * overlays on top, as HTML.
 */
import type { Runtime, UiOnScreen } from '../types';
import { builtinStyles } from './builtin-styles';
import { webviewTop, type Device } from './device';
import { navigationBarConfig, navigationBarCss, navigationBarHtml, type NavigationButton } from './navigation-bar';
import { OVERLAY_CSS, overlaysHtml } from './overlays';
import type { LayoutProject } from './project';
import { buildWebview, type ElementInfo } from './webview';
import { escapeHtml } from './html';

export interface Scene {
  readonly device: Device;
  readonly pagePath: string;
  /** The whole screen: bars, the webview as an iframe, overlays. */
  readonly html: string;
  readonly elements: ReadonlyMap<string, ElementInfo>;
  /** A modal or loading mask covers the page: nothing on it can be tapped. */
  readonly masked: boolean;
}


function dataUrl(bytes: Buffer): string {
  const png = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return `data:image/${png ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`;
}

function navigationButton(stack: readonly { path: string }[], homePath: string | undefined): NavigationButton {
  if (stack.length > 1) return 'back';
  return stack[0] && homePath !== undefined && stack[0].path !== homePath ? 'home' : 'none';
}

export function captureScene(runtime: Runtime, project: LayoutProject, device: Device): Scene {
  const page = runtime.currentPage();
  if (!page) throw new Error('no page is showing: launch the mini-program first');
  const webview = buildWebview(page.rendered(), {
    pagePath: page.path,
    deviceWidth: device.width,
    image: (src) => {
      const bytes = runtime.tempFile(src);
      return bytes ? dataUrl(bytes) : null;
    },
  });
  const sheets = project
    .stylesheets(page.path, webview.scopes, device.width)
    .map((sheet) => `<style data-wxss="${escapeHtml(sheet.file)}">${sheet.css}</style>`)
    .join('');
  const webviewHtml =
    `<!doctype html><html><head><meta charset="utf-8"><style id="wx-builtin">${builtinStyles(project.style)}</style>${sheets}</head>` +
    `<body>${webview.body}</body></html>`;
  const ui: UiOnScreen = runtime.ui.onScreen();
  const top = webviewTop(device);
  const config = navigationBarConfig(project.window, project.pageJson(page.path));
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; padding: 0; width: ${device.width}px; height: ${device.height}px; overflow: hidden; background: #fff; }` +
    `#wx-webview { position: absolute; left: 0; top: ${top}px; width: ${device.width}px; height: ${device.height - top}px; border: 0; display: block; }` +
    `${navigationBarCss(device)}${OVERLAY_CSS}</style></head><body>` +
    navigationBarHtml(config, navigationButton(runtime.pageStack(), project.pages[0])) +
    `<iframe id="wx-webview" srcdoc="${escapeHtml(webviewHtml)}"></iframe>${overlaysHtml(ui)}</body></html>`;
  return { device, pagePath: page.path, html, elements: webview.elements, masked: ui.modal !== null || ui.loading !== null };
}
