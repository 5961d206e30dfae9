import * as fs from 'fs';
import * as path from 'path';
import type { RuntimeOptions } from '../types';

/** What the runtime reads from app.json: the pages, the tab bar, timeouts, global components, privacy. */
export interface AppJson {
  pages: string[];
  tabBar?: { list?: Array<{ pagePath: string }> };
  networkTimeout?: { request?: number; uploadFile?: number };
  usingComponents?: Record<string, unknown>;
  __usePrivacyCheck__?: boolean;
}

/** The mini-program's own configuration, read once per runtime: a relaunch does not re-read it, as on a phone. */
export interface AppConfig {
  /** The directory the mini-program's modules are loaded from. */
  root: string;
  appJson: AppJson;
  /** project.config.json's appid; DevTools' tourist AppID when it names none. */
  appId: string;
}

function readJson<T>(file: string, fallback: T): T {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : fallback;
}

export function readAppConfig(options: Pick<RuntimeOptions, 'projectRoot' | 'miniprogramDir'>): AppConfig {
  const root = options.miniprogramDir ?? path.join(options.projectRoot, 'miniprogram');
  const appJson = readJson<AppJson>(path.join(root, 'app.json'), { pages: [] });
  const projectConfig = readJson<{ appid?: string }>(path.join(options.projectRoot, 'project.config.json'), {});
  return { root, appJson, appId: projectConfig.appid ?? 'touristappid' };
}
