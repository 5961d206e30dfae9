/**
 * The one table of the 45 request methods miniprogram-automator 0.12.1 sends, and what this endpoint does
 * with each. The endpoint dispatches from it, the conformance suite walks it, the README mirrors it
 * (a test keeps the two in step).
 */

export type MethodSupport = 'supported' | 'needs-devtools';

export interface MethodEntry {
  readonly support: MethodSupport;
  /** For 'needs-devtools': why a headless runtime cannot answer it (sent as the error message). */
  readonly reason?: string;
}

const supported = { support: 'supported' } as const satisfies MethodEntry;

function needsDevtools(reason: string): { readonly support: 'needs-devtools'; readonly reason: string } {
  return { support: 'needs-devtools', reason };
}

const account = needsDevtools('it needs WeChat DevTools logged in with a WeChat account');

export const METHODS = {
  'Tool.getInfo': supported,
  'Tool.close': supported,
  'Tool.native': supported,
  'Tool.enableRemoteDebug': needsDevtools('remote debugging runs on a real phone through WeChat DevTools'),
  'Tool.getTestAccounts': account,
  'Tool.stopAudits': needsDevtools('audits (体验评分) are computed by WeChat DevTools'),
  'Tool.getTicket': account,
  'Tool.setTicket': account,
  'Tool.refreshTicket': account,

  'App.getCurrentPage': supported,
  'App.getPageStack': supported,
  'App.callWxMethod': supported,
  'App.mockWxMethod': supported,
  'App.callFunction': supported,
  'App.addBinding': supported,
  'App.enableLog': supported,
  'App.exit': supported,
  'App.captureScreenshot': supported,

  'Page.getElement': supported,
  'Page.getElements': supported,
  'Page.getElementByXpath': supported,
  'Page.getElementsByXpath': supported,
  'Page.getData': supported,
  'Page.setData': supported,
  'Page.callMethod': supported,
  'Page.getWindowProperties': supported,

  'Element.getElement': supported,
  'Element.getElements': supported,
  'Element.getDOMProperties': supported,
  'Element.getProperties': supported,
  'Element.getAttributes': supported,
  'Element.getStyles': supported,
  'Element.getWXML': supported,
  'Element.tap': supported,
  'Element.touchstart': supported,
  'Element.touchmove': supported,
  'Element.touchend': supported,
  'Element.triggerEvent': supported,
  'Element.dispatchEvent': supported,
  'Element.callFunction': supported,
  'Element.callMethod': supported,
  'Element.getData': supported,
  'Element.setData': supported,
  'Element.getOffset': supported,
  'Element.callContextMethod': needsDevtools('video contexts need a media player: run the test against WeChat DevTools'),
} as const satisfies Record<string, MethodEntry>;

export type MethodName = keyof typeof METHODS;

export type SupportedMethod = {
  [K in MethodName]: (typeof METHODS)[K]['support'] extends 'supported' ? K : never;
}[MethodName];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(METHODS, name);
}

export function methodsWith(support: MethodSupport): MethodName[] {
  return (Object.keys(METHODS) as MethodName[]).filter((name) => METHODS[name].support === support);
}
