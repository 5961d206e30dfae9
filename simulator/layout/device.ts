/** The phone the layout engine draws: an iPhone 8-sized screen (375×667 @2x) with WeChat's own bars. */
export interface Device {
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
  readonly statusBarHeight: number;
  /** WeChat's navigation bar below the status bar (iOS). */
  readonly navigationBarHeight: number;
}

export const IPHONE_8: Device = { width: 375, height: 667, pixelRatio: 2, statusBarHeight: 20, navigationBarHeight: 44 };

/** The same phone at another width (an SE's 320, a Plus's 414), for the layout checks. */
export function deviceOfWidth(width: number): Device {
  return { ...IPHONE_8, width };
}

/** Where the webview (the page) starts: below the status and navigation bars. */
export function webviewTop(device: Device): number {
  return device.statusBarHeight + device.navigationBarHeight;
}
