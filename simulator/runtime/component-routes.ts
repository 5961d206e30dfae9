import * as path from 'path';

/**
 * Tag → root-relative route of the components a template may use: app.json's, then its own json's
 * `usingComponents`, resolved as WeChat resolves them (absolute from the root, else from the template's folder).
 */
export function componentRoutes(
  root: string,
  appUsingComponents: Record<string, unknown>,
  /** Routes still loading: an app-level component cannot use itself (or one that is still loading) through app.json. */
  loadingRoutes: ReadonlySet<string>,
  base: string,
  json: Record<string, unknown>,
): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  const add = (using: unknown, fromDir: string, skipLoading: boolean): void => {
    if (typeof using !== 'object' || using === null) return;
    for (const [tag, target] of Object.entries(using)) {
      if (typeof target !== 'string') continue;
      const targetRoute = target.startsWith('/') ? target.slice(1) : path.relative(root, path.resolve(fromDir, target));
      if (skipLoading && loadingRoutes.has(targetRoute)) continue;
      routes.push([tag, targetRoute]);
    }
  };
  add(appUsingComponents, root, true);
  add(json.usingComponents, path.dirname(base), false);
  return routes;
}
