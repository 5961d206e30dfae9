/** wx's route APIs through the app's router, and the page-chrome APIs that have nothing to draw headless. */
import type { RouteKind } from '../types';
import type { WxTable } from './wx';
import { ok, type WxKit, type WxApi } from './wx-kit';

export function routeApis({ deps, api }: WxKit): WxTable {
  const route = (kind: RouteKind): WxApi =>
    api(kind, async (options) => {
      await deps.navigate(kind, typeof options.url === 'string' ? options.url : undefined, typeof options.delta === 'number' ? options.delta : undefined);
      return ok(kind);
    });
  return {
    navigateTo: route('navigateTo'),
    redirectTo: route('redirectTo'),
    reLaunch: route('reLaunch'),
    switchTab: route('switchTab'),
    navigateBack: route('navigateBack'),
    setNavigationBarTitle: api('setNavigationBarTitle', async () => ok('setNavigationBarTitle')),
    stopPullDownRefresh: api('stopPullDownRefresh', async () => ok('stopPullDownRefresh')),
  };
}
