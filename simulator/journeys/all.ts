import {
  bindPhone,
  bindPhoneLegacy,
  firstLaunch,
  logoutAndRelaunch,
  profileWithAvatarAndNickname,
  profileWithGetUserProfile,
  serverRestart,
  tokenLostMidSession,
  wechatTrouble,
} from './journeys';
import type { World } from './world';

export interface NamedJourney {
  readonly name: string;
  run(world: World): Promise<unknown>;
}

/**
 * Every journey, for the suites that run them all on another build or with another check around them
 * (test/e2e/compiled.test.ts, test/compile/render-parity.test.ts). The WeChat-timeout journey expects the
 * server's `wechatTimeoutMs` below 2000.
 */
export const ALL_JOURNEYS: readonly NamedJourney[] = [
  { name: '1 first launch', run: firstLaunch },
  { name: '2a profile through getUserProfile', run: profileWithGetUserProfile },
  { name: '2b avatar and nickname', run: profileWithAvatarAndNickname },
  { name: '3 phone number', run: bindPhone },
  { name: '3b legacy phone number', run: bindPhoneLegacy },
  { name: '4 logout and relaunch', run: logoutAndRelaunch },
  { name: '5 token lost mid-session', run: tokenLostMidSession },
  { name: '6 WeChat busy', run: (world) => wechatTrouble(world, { errcode: -1 }, 2, '微信服务繁忙') },
  { name: '6 WeChat too slow', run: (world) => wechatTrouble(world, { delayMs: 2000 }, 1, '微信服务繁忙') },
  { name: '6 WeChat rejects the code', run: (world) => wechatTrouble(world, { errcode: 40029 }, 1, '授权已失效') },
  { name: '6 server restart', run: serverRestart },
];
