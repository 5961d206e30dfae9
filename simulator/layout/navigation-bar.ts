/**
 * WeChat's navigation bar as it draws it from app.json `window` and the page's json: the status bar, the
 * title centred in a 44px bar, a back arrow when there is a page to go back to (a home button when the
 * first page of the stack is not the app's home), and the capsule (menu button) on the right.
 */
import type { Device } from './device';
import { escapeHtml } from './html';

export interface NavigationBarConfig {
  title: string;
  backgroundColor: string;
  textStyle: 'black' | 'white';
}

export type NavigationButton = 'back' | 'home' | 'none';

type WindowJson = Record<string, unknown>;

function stringField(json: WindowJson, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' ? value : undefined;
}

/** The page's json overrides app.json's window, key by key, as WeChat merges them. */
export function navigationBarConfig(appWindow: WindowJson, pageJson: WindowJson): NavigationBarConfig {
  const pick = (key: string): string | undefined => stringField(pageJson, key) ?? stringField(appWindow, key);
  return {
    title: pick('navigationBarTitleText') ?? '',
    backgroundColor: pick('navigationBarBackgroundColor') ?? '#000000',
    textStyle: pick('navigationBarTextStyle') === 'black' ? 'black' : 'white',
  };
}

/** The capsule's place on this phone (what wx.getMenuButtonBoundingClientRect answers on an iPhone 8). */
export function capsuleRect(device: Device): { left: number; top: number; width: number; height: number } {
  const width = 87;
  const height = 32;
  return { left: device.width - 10 - width, top: device.statusBarHeight + (device.navigationBarHeight - height) / 2, width, height };
}


export function navigationBarCss(device: Device): string {
  const capsule = capsuleRect(device);
  return `
.wx-status-bar { position: absolute; top: 0; left: 0; width: ${device.width}px; height: ${device.statusBarHeight}px;
  font: 600 12px/${device.statusBarHeight}px -apple-system, sans-serif; text-align: center; }
.wx-navigation-bar { position: absolute; top: ${device.statusBarHeight}px; left: 0; width: ${device.width}px; height: ${device.navigationBarHeight}px; }
.wx-navigation-bar-title { position: absolute; left: 96px; right: 96px; top: 0; line-height: ${device.navigationBarHeight}px; text-align: center;
  font: 500 17px/${device.navigationBarHeight}px -apple-system, 'PingFang SC', sans-serif; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wx-navigation-bar-back { position: absolute; left: 16px; top: 15px; width: 12px; height: 12px; border-left: 2.5px solid currentColor; border-bottom: 2.5px solid currentColor;
  transform: rotate(45deg); }
.wx-navigation-bar-home { position: absolute; left: 12px; top: 8px; width: 28px; height: 28px; border-radius: 14px; border: 0.5px solid rgba(0,0,0,.15); box-sizing: border-box; }
.wx-navigation-bar-home:after { content: ""; position: absolute; left: 8px; top: 7px; width: 10px; height: 11px; border: 1.5px solid currentColor; border-top-width: 3px; }
.wx-capsule { position: absolute; left: ${capsule.left}px; top: ${capsule.top}px; width: ${capsule.width}px; height: ${capsule.height}px; box-sizing: border-box;
  border-radius: 16px; border: 0.5px solid rgba(0,0,0,.12); background: rgba(255,255,255,.6); }
.wx-capsule-dark { border-color: rgba(255,255,255,.25); background: rgba(0,0,0,.15); }
.wx-capsule:before { content: "•••"; position: absolute; left: 12px; top: 0; font: 700 13px/31px sans-serif; letter-spacing: 1px; }
.wx-capsule:after { content: ""; position: absolute; right: 12px; top: 8px; width: 12px; height: 12px; border: 2px solid currentColor; border-radius: 50%; box-sizing: border-box; }
.wx-capsule-line { position: absolute; left: 43px; top: 9px; width: 0.5px; height: 14px; background: currentColor; opacity: .2; }
`;
}

export function navigationBarHtml(config: NavigationBarConfig, button: NavigationButton): string {
  const color = config.textStyle === 'black' ? '#000000' : '#ffffff';
  const style = `background-color:${escapeHtml(config.backgroundColor)};color:${color}`;
  const left = button === 'back' ? '<div class="wx-navigation-bar-back"></div>' : button === 'home' ? '<div class="wx-navigation-bar-home"></div>' : '';
  const capsuleClass = config.textStyle === 'white' ? 'wx-capsule wx-capsule-dark' : 'wx-capsule';
  return (
    `<div class="wx-status-bar" style="${style}">9:41</div>` +
    `<div class="wx-navigation-bar" style="${style}">${left}<div class="wx-navigation-bar-title">${escapeHtml(config.title)}</div></div>` +
    `<div class="${capsuleClass}" style="color:${color}"><div class="wx-capsule-line"></div></div>`
  );
}
