/**
 * The fake's page navigation (wx.navigateTo and the other route APIs, wx.setNavigationBarTitle):
 * no pages move, each call is recorded and answered ok, so tests assert where the app went.
 */
import type { Answer, Callbacks, WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';

type UrlRouteApi = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab';

export function fakeNavigation(calls: FakeCalls, answer: Answer): WxApis {
  const routeTo = (api: UrlRouteApi) => (option: { url: string } & Callbacks<{ errMsg: string }>) =>
    answer(option, () => {
      calls.navigation.push({ api, url: option.url });
      return { errMsg: `${api}:ok` };
    });
  return {
    setNavigationBarTitle: (option: { title: string } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        calls.navigationBarTitle.push(option.title);
        return { errMsg: 'setNavigationBarTitle:ok' };
      }),
    navigateTo: routeTo('navigateTo'),
    redirectTo: routeTo('redirectTo'),
    reLaunch: routeTo('reLaunch'),
    switchTab: routeTo('switchTab'),
    navigateBack: (option?: { delta?: number } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        calls.navigation.push({ api: 'navigateBack', delta: option?.delta ?? 1 });
        return { errMsg: 'navigateBack:ok' };
      }),
  };
}
