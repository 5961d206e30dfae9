/**
 * One mini-program as the layout engine needs it: app.json (pages, window, style version), each page's
 * json, and its WXSS compiled once by WeChat's wcsc; the CSS per screen width is cached.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compileWxss, type CompiledWxss } from '../wechat-tools/wcsc';
import type { StyleVersion } from './builtin-styles';
import { scopePrefix } from './webview';

type Json = Record<string, unknown>;

export interface LayoutProject {
  /** The mini-program root (`<projectRoot>/miniprogram`). */
  readonly root: string;
  readonly pages: readonly string[];
  readonly window: Json;
  readonly style: StyleVersion;
  pageJson(route: string): Json;
  /** The page's CSS in the order WeChat applies it: app.wxss, the components' WXSS, the page's own. */
  stylesheets(pagePath: string, scopes: readonly string[], deviceWidth: number): Array<{ file: string; css: string }>;
}

function readJson(file: string): Json {
  if (!fs.existsSync(file)) return {};
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
}

export function loadLayoutProject(projectRoot: string): LayoutProject {
  const root = path.join(projectRoot, 'miniprogram');
  const app = readJson(path.join(root, 'app.json'));
  const wxss: CompiledWxss = compileWxss(root);
  const compiled = new Set(wxss.files);
  const cache = new Map<string, string>();
  const jsonCache = new Map<string, Json>();

  const css = (file: string, deviceWidth: number, prefix: string): string => {
    const key = `${file}|${deviceWidth}|${prefix}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = wxss.css(file, { deviceWidth, prefix });
      cache.set(key, found);
    }
    return found;
  };

  return {
    root,
    pages: Array.isArray(app.pages) ? app.pages.filter((page): page is string => typeof page === 'string') : [],
    window: typeof app.window === 'object' && app.window !== null ? (app.window as Json) : {},
    style: app.style === 'v2' ? 'v2' : 'v1',
    pageJson(route) {
      let json = jsonCache.get(route);
      if (!json) {
        json = readJson(path.join(root, `${route}.json`));
        jsonCache.set(route, json);
      }
      return json;
    },
    stylesheets(pagePath, scopes, deviceWidth) {
      const components = scopes.filter((scope) => scope !== pagePath);
      const ordered = [
        { file: 'app.wxss', prefix: '' },
        ...components.map((scope) => ({ file: `${scope}.wxss`, prefix: scopePrefix(scope, pagePath) })),
        { file: `${pagePath}.wxss`, prefix: '' },
      ];
      return ordered.filter((sheet) => compiled.has(sheet.file)).map((sheet) => ({ file: sheet.file, css: css(sheet.file, deviceWidth, sheet.prefix) }));
    },
  };
}
