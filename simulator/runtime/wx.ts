import type { RouteKind, UserScript } from '../types';
import type { Activity } from './activity';
import type { Gesture, ReportError } from './definitions';
import type { EmulatorControl } from './emulator';
import type { Network } from './http';
import type { Privacy } from './privacy';
import type { Storage } from './storage';
import type { UiController } from './ui';
import { API_SINCE, atLeast } from './version';
import { createWxKit } from './wx-kit';
import { privacyApis } from './wx-privacy';
import { routeApis } from './wx-route';
import { storageApis } from './wx-storage';
import { systemApis } from './wx-system';
import { uiApis } from './wx-ui';
import { userApis } from './wx-user';

export interface WxDeps {
  sdkVersion: string;
  appId: string;
  user: () => UserScript;
  openid: () => string;
  storage: Storage;
  ui: UiController;
  network: Network;
  emulator: EmulatorControl;
  privacy: Privacy;
  gesture: Gesture;
  activity: Activity;
  report: ReportError;
  navigate: (kind: RouteKind, url: string | undefined, delta: number | undefined) => Promise<void>;
}

export type WxTable = Record<string, unknown>;

/** All implemented wx APIs, by name. Version gating and "not implemented" errors are the proxy's job. */
export function createWxTable(deps: WxDeps): WxTable {
  const kit = createWxKit(deps);
  const table: WxTable = {
    request: (options: unknown) => deps.network.request(options),
    uploadFile: (options: unknown) => deps.network.uploadFile(options),
    ...userApis(kit),
    ...storageApis(kit),
    ...uiApis(kit),
    ...systemApis(kit, (name) => name in table && isAvailable(name, deps.sdkVersion)),
    ...privacyApis(kit),
    ...routeApis(kit),
  };
  return table;
}

export function isAvailable(name: string, sdkVersion: string): boolean {
  const since = API_SINCE[name];
  return since === undefined || atLeast(sdkVersion, since);
}

/** Names that tooling (jest, util.inspect, await) probes on any object; they must not look like missing APIs. */
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType', 'inspect', 'tagName', '$$typeof', 'prototype', 'valueOf', 'toString']);

/**
 * The `wx` object: implemented APIs (hidden below their base library version, so feature detection
 * sees what a real device would), overridable by mockWx, and a loud error for anything else.
 */
export function createWxProxy(table: WxTable, mocks: Map<string, unknown>, sdkVersion: string): Record<string, unknown> {
  const env = { USER_DATA_PATH: 'wxfile://usr' };
  return new Proxy<Record<string, unknown>>(
    {},
    {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        if (mocks.has(name)) return mocks.get(name);
        if (name === 'env') return env;
        if (name in table) return isAvailable(name, sdkVersion) ? table[name] : undefined;
        if (PROBES.has(name)) return undefined;
        return () => {
          throw new Error(`wx.${name} is not implemented by the headless runtime (simulator/runtime/wx.ts)`);
        };
      },
      has: (_target, name) => typeof name === 'string' && (mocks.has(name) || (name in table && isAvailable(name, sdkVersion))),
      ownKeys: () => Object.keys(table).filter((name) => isAvailable(name, sdkVersion)),
      getOwnPropertyDescriptor: (_target, name) =>
        typeof name === 'string' && name in table && isAvailable(name, sdkVersion)
          ? { configurable: true, enumerable: true, writable: false, value: mocks.get(name) ?? table[name] }
          : undefined,
    },
  );
}

