import type { RuntimeOptions, UserScript } from '../types';
import { createActivity, type Activity } from './activity';
import type { AppConfig } from './app-config';
import { createGesture, type Gesture, type ReportError } from './definitions';
import { createEvents, type Events } from './events';
import { createTempFiles, type TempFiles } from './files';
import { createNetwork, type Network } from './http';
import { solidPng } from './png';
import { createPrivacy, type Privacy } from './privacy';
import type { ServerAddress } from './server-address';
import { createStorage, type Storage } from './storage';
import { createUi, type UiController } from './ui';
import { atLeast, SINCE } from './version';

/** The user's defaults: allow everything, privacy agree; the avatar is a small PNG the runtime makes. */
function defaultUser(avatarFile: string): UserScript {
  return {
    profile: { answer: 'allow', nickName: '测试用户', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/headless-default/132' },
    avatar: { answer: 'choose', filePath: avatarFile },
    nickname: { value: '测试用户' },
    phone: { answer: 'allow', phoneNumber: '13800138000', countryCode: '86' },
    privacy: 'agree',
  };
}

/**
 * The phone the app runs on: what outlives a launch (storage, temp files, UI, the user and their privacy
 * consent, the network, the work in flight), so a relaunch drops the app's state and keeps the device's.
 */
export interface Device {
  events: Events;
  report: ReportError;
  activity: Activity;
  /** Counts `work` as in flight, so idle() waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
  ui: UiController;
  storage: Storage;
  files: TempFiles;
  gesture: Gesture;
  privacy: Privacy & { resetListener(): void };
  network: Network;
  user(): UserScript;
  setUser(next: UserScript): void;
}

export interface DeviceOptions extends Pick<RuntimeOptions, 'storageFile' | 'user'> {
  config: AppConfig;
  sdkVersion: string;
  server: ServerAddress;
}

export function createDevice(options: DeviceOptions): Device {
  const { appJson } = options.config;
  const events = createEvents();
  const report = events.reportError;
  const activity = createActivity();
  const ui = createUi();
  const storage = createStorage(options.storageFile);
  const files = createTempFiles();
  const gesture = createGesture();
  let user: UserScript = { ...defaultUser(files.create('default-avatar.png', solidPng(8, 8, [7, 193, 96]))), ...options.user };
  const enabled = appJson.__usePrivacyCheck__ !== false && atLeast(options.sdkVersion, SINCE.privacyApi);
  const privacy = createPrivacy({ enabled, answer: () => user.privacy, report });
  const network = createNetwork({
    activity,
    files,
    report,
    rewrite: options.server.rewrite,
    timeouts: { request: appJson.networkTimeout?.request ?? 60000, uploadFile: appJson.networkTimeout?.uploadFile ?? 60000 },
    onExchange: events.exchange,
  });
  return {
    events, report, activity, ui, storage, files, gesture, privacy, network,
    track: (work) => activity.track(work),
    user: () => user,
    setUser(next) {
      user = next;
    },
  };
}
