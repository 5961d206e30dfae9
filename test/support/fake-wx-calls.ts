/**
 * What the fake `wx` records, in call order, for tests to assert on; every wx area writes into
 * the same `FakeCalls` so a test sees one history.
 */
import type { FakeRequest } from './fake-server';

export interface LoginCall {
  code: string | null;
  errMsg: string;
}

export interface NavigationCall {
  api: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack';
  url?: string;
  delta?: number;
}

export interface FakeCalls {
  network: FakeRequest[];
  login: LoginCall[];
  checkSession: boolean[];
  toast: WechatMiniprogram.ShowToastOption[];
  modal: WechatMiniprogram.ShowModalOption[];
  loading: Array<{ show: boolean; title?: string }>;
  navigation: NavigationCall[];
  userProfile: string[];
  privacy: string[];
  navigationBarTitle: string[];
}

export function emptyCalls(): FakeCalls {
  return {
    network: [],
    login: [],
    checkSession: [],
    toast: [],
    modal: [],
    loading: [],
    navigation: [],
    userProfile: [],
    privacy: [],
    navigationBarTitle: [],
  };
}
