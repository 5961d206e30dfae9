/**
 * Every state a user meets, each reached on a fresh device the way a user gets there (taps, typing, the
 * WeChat answers of the scripted user, a server that is down or never answers). Only the transient busy
 * states (a save or an upload in flight) are set with the page's own data, because the real request is
 * over before anything could look at it. `npm run screens` draws them; test/layout checks their layout.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { HeadlessRuntime } from '../runtime';
import type { RuntimeOptions } from '../types';
import { fillProfile, PHONE, SDK, writeAvatarPng } from '../journeys/journeys';
import { element, PAGES, sees, tap, userRow } from '../journeys/steps';
import type { World } from '../journeys/world';

/**
 * The developer server down while WeChat is up: a front for the real server that passes the WeChat
 * emulator's routes (`/__wechat/…`, WeChat's side) through and drops every other request, at once
 * (`refusedUrl`: the connection is cut) or never (`stalledUrl`: it hangs until the app's own timeout).
 */
export interface Unreachable {
  readonly refusedUrl: string;
  readonly stalledUrl: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolve(`http://127.0.0.1:${address.port}`);
    });
  });
}

async function passToWechat(target: () => string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const answer = await fetch(`${target()}${request.url ?? ''}`, {
    method: request.method ?? 'GET',
    headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
    ...(body.length > 0 ? { body } : {}),
  });
  response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

function outage(target: () => string, api: (request: http.IncomingMessage) => void): http.Server {
  return http.createServer((request, response) => {
    if (request.url?.startsWith('/__wechat/')) {
      passToWechat(target, request, response).catch(() => request.socket.destroy());
      return;
    }
    api(request);
  });
}

export async function startUnreachable(target: () => string): Promise<Unreachable> {
  const held = new Set<http.IncomingMessage>();
  const refusing = outage(target, (request) => request.socket.destroy());
  const stalling = outage(target, (request) => {
    held.add(request);
    request.on('close', () => held.delete(request));
  });
  const [refusedUrl, stalledUrl] = [await listen(refusing), await listen(stalling)];
  const stop = (server: http.Server): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    refusedUrl,
    stalledUrl,
    async close() {
      held.forEach((request) => request.socket.destroy());
      await Promise.all([stop(refusing), stop(stalling)]);
    },
  };
}

export interface StateContext {
  readonly world: World;
  readonly unreachable: Unreachable;
  device(options?: Partial<RuntimeOptions>): Promise<HeadlessRuntime>;
}

export interface ScreenState {
  /** File-name part: `NN-<name>.png`. */
  readonly name: string;
  /** What the user sees, in words. */
  readonly title: string;
  /** Drives a fresh device into the state; the returned runtime shows it. */
  reach(context: StateContext): Promise<HeadlessRuntime>;
}

/** Waits for an element of the page in front, by id: the states hold on the pages' ids, not their wording. */
async function showing(rt: HeadlessRuntime, route: string, selector: string): Promise<void> {
  await rt.waitFor(() => rt.currentPage()?.path === route && rt.currentPage()?.$(selector), `${selector} on ${route}`);
}

async function loggedIn(context: StateContext, options: Partial<RuntimeOptions> = {}): Promise<HeadlessRuntime> {
  const rt = await context.device(options);
  await rt.launch();
  await showing(rt, PAGES.home, '#btn-ucenter');
  return rt;
}

async function onAuth(context: StateContext, options: Partial<RuntimeOptions> = {}): Promise<HeadlessRuntime> {
  const rt = await loggedIn(context, options);
  await tap(context.world, rt, '#btn-auth');
  await showing(rt, PAGES.auth, '#btn-profile, #btn-save');
  return rt;
}

async function onUcenter(context: StateContext, options: Partial<RuntimeOptions> = {}): Promise<HeadlessRuntime> {
  const rt = await loggedIn(context, options);
  await tap(context.world, rt, '#btn-ucenter');
  await showing(rt, PAGES.ucenter, '#btn-logout');
  return rt;
}

function avatarUser(world: World): Partial<RuntimeOptions> {
  return { user: { avatar: { answer: 'choose', filePath: writeAvatarPng(world).file }, nickname: { value: '小红' }, privacy: 'agree' } };
}

/** Avatar chosen and uploaded: the user has agreed to the privacy guide and picked a picture. */
async function withAvatar(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onAuth(context, avatarUser(context.world));
  await tap(context.world, rt, '#btn-avatar');
  await rt.idle();
  const popup = rt.currentPage()?.$('privacy-popup')?.$('#btn-privacy-agree');
  if (popup) await popup.tap();
  await sees(context.world, rt, '头像已上传');
  return rt;
}

async function typeAndSave(context: StateContext, rt: HeadlessRuntime, nickName: string): Promise<void> {
  await (await element(rt, '#input-nickname')).input(nickName);
  await tap(context.world, rt, '#btn-save');
  await rt.idle();
}

async function setPageData(rt: HeadlessRuntime, data: Record<string, unknown>): Promise<HeadlessRuntime> {
  const page = rt.currentPage();
  if (!page) throw new Error('no page is showing');
  await page.setData(data);
  return rt;
}

async function profileSaved(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onAuth(context, avatarUser(context.world));
  await fillProfile(context.world, rt, '小红');
  await showing(rt, PAGES.home, '#btn-ucenter');
  await sees(context.world, rt, '小红');
  return rt;
}

async function phoneAnswer(context: StateContext, phone: HeadlessRuntime['user']['phone'], expected: string): Promise<HeadlessRuntime> {
  const rt = await onUcenter(context, { user: { phone, privacy: 'agree' } });
  await tap(context.world, rt, '#btn-phone');
  await rt.idle();
  const agree = rt.currentPage()?.$('privacy-popup')?.$('#btn-privacy-agree');
  if (agree) await agree.tap();
  await sees(context.world, rt, expected);
  return rt;
}

async function nicknameOnly(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await loggedIn(context);
  const row = await userRow(context.world, rt.openid);
  if (row === undefined) throw new Error(`no user for ${rt.openid}`);
  await context.world.server.db.updateTable('users').set({ nick_name: '只有昵称' }).where('id', '=', row.id).execute();
  // A second phone of the same WeChat user logs in and gets the profile as the server holds it.
  const again = await loggedIn(context, { openid: rt.openid });
  await sees(context.world, again, '只有昵称');
  return again;
}

async function failedUpload(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onAuth(context, avatarUser(context.world));
  rt.mockWx('uploadFile', (options: unknown) => {
    const fail = (options as { fail?: (error: { errMsg: string }) => void }).fail;
    setTimeout(() => fail?.({ errMsg: 'uploadFile:fail timeout' }), 0);
    return { abort: () => undefined, onProgressUpdate: () => undefined };
  });
  await tap(context.world, rt, '#btn-avatar');
  await rt.idle();
  const agree = rt.currentPage()?.$('privacy-popup')?.$('#btn-privacy-agree');
  if (agree) await agree.tap();
  await rt.waitFor(() => rt.currentPage()?.$('#btn-avatar-retry'), 'the upload failure note with 重新上传');
  return rt;
}

async function privacyPopup(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onAuth(context, avatarUser(context.world));
  await tap(context.world, rt, '#btn-avatar');
  await rt.waitFor(() => rt.currentPage()?.$('privacy-popup')?.$('#btn-privacy-agree'), 'the privacy popup');
  return rt;
}

async function logoutConfirm(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onUcenter(context);
  rt.ui.holdModals = true;
  void (await element(rt, '#btn-logout')).tap();
  await rt.waitFor(() => rt.ui.pendingModal(), 'the logout confirmation');
  return rt;
}

async function loggedOut(context: StateContext): Promise<HeadlessRuntime> {
  const rt = await onUcenter(context);
  rt.ui.answerModals('confirm');
  await tap(context.world, rt, '#btn-logout');
  await sees(context.world, rt, '你还未登录');
  return rt;
}

/** The developer server stops answering after login: the next page's load meets `url`. */
async function ucenterAgainst(context: StateContext, url: string, expected: string): Promise<HeadlessRuntime> {
  const rt = await loggedIn(context);
  rt.retarget(url);
  await tap(context.world, rt, '#btn-ucenter');
  await sees(context.world, rt, expected);
  return rt;
}

export const STATES: readonly ScreenState[] = [
  {
    name: 'home-logging-in',
    title: 'home while the silent login is under way',
    reach: async (context) => {
      const rt = await context.device({ serverUrl: context.unreachable.stalledUrl });
      await rt.launch();
      await sees(context.world, rt, '正在登录');
      return rt;
    },
  },
  { name: 'home-new-user', title: 'home of a new user: the profile incomplete prompt', reach: (context) => loggedIn(context) },
  {
    name: 'home-server-down',
    title: 'home when the developer server is down',
    reach: async (context) => {
      const rt = await context.device({ serverUrl: context.unreachable.refusedUrl });
      await rt.launch();
      await sees(context.world, rt, '重试');
      return rt;
    },
  },
  {
    name: 'home-wechat-busy',
    title: 'home when WeChat answers the login with errcode -1',
    reach: async (context) => {
      await context.world.control('faults', { path: '/sns/jscode2session', errcode: -1, times: 2 });
      const rt = await context.device();
      await rt.launch();
      await sees(context.world, rt, '重试');
      return rt;
    },
  },
  { name: 'home-nickname-only', title: 'home with a nickname but no avatar', reach: nicknameOnly },
  { name: 'home-profile-complete', title: 'home with avatar and nickname', reach: profileSaved },
  { name: 'home-logged-out', title: 'home after logout', reach: loggedOut },
  { name: 'auth-empty', title: 'profile page, nothing chosen yet (3.x)', reach: (context) => onAuth(context) },
  { name: 'auth-privacy-popup', title: "the app's privacy popup before the avatar picker", reach: privacyPopup },
  {
    name: 'auth-privacy-refused',
    title: 'profile page after the privacy guide was refused',
    reach: async (context) => {
      const rt = await onAuth(context, { user: { privacy: 'disagree' } });
      await tap(context.world, rt, '#btn-avatar');
      await rt.idle();
      const refuse = rt.currentPage()?.$('privacy-popup')?.$('#btn-privacy-disagree');
      if (refuse) await refuse.tap();
      await sees(context.world, rt, '隐私');
      return rt;
    },
  },
  { name: 'auth-uploading', title: 'profile page while the avatar uploads (busy)', reach: async (context) => setPageData(await onAuth(context), { uploading: true }) },
  { name: 'auth-avatar-uploaded', title: 'profile page with the avatar uploaded', reach: withAvatar },
  { name: 'auth-avatar-upload-failed', title: 'profile page after a failed avatar upload', reach: failedUpload },
  {
    name: 'auth-nickname-too-long',
    title: 'a 36-character nickname, then 保存',
    reach: async (context) => {
      const rt = await withAvatar(context);
      await typeAndSave(context, rt, '一二三四五六七八九十'.repeat(3) + '一二三四五六');
      await rt.waitFor(() => rt.currentPage()?.$('#nickname-error'), 'the nickname message at the field');
      return rt;
    },
  },
  {
    name: 'auth-nickname-empty',
    title: 'saving without a nickname',
    reach: async (context) => {
      const rt = await withAvatar(context);
      await typeAndSave(context, rt, '');
      await rt.waitFor(() => rt.currentPage()?.$('#nickname-error'), 'the nickname message at the field');
      return rt;
    },
  },
  {
    name: 'auth-nickname-rejected',
    title: "a nickname cleared by WeChat's content check",
    reach: async (context) => {
      const rt = await withAvatar(context);
      rt.user = { ...rt.user, nickname: { value: '坏昵称', rejected: true } };
      await typeAndSave(context, rt, '坏昵称');
      await sees(context.world, rt, '未通过微信内容安全检查');
      return rt;
    },
  },
  { name: 'auth-saving', title: 'profile page while saving (busy 保存)', reach: async (context) => setPageData(await withAvatar(context), { saving: true }) },
  {
    name: 'auth-saved-toast',
    title: 'the 已保存 toast after saving',
    reach: async (context) => {
      const rt = await withAvatar(context);
      await typeAndSave(context, rt, '小红');
      await rt.waitFor(() => rt.ui.onScreen().toast, 'the 已保存 toast');
      return rt;
    },
  },
  { name: 'auth-profile-era', title: 'profile page on base library 2.10.4 (getUserProfile)', reach: (context) => onAuth(context, { sdkVersion: SDK.userProfileEra }) },
  {
    name: 'auth-profile-era-denied',
    title: 'getUserProfile refused on 2.10.4',
    reach: async (context) => {
      const rt = await onAuth(context, { sdkVersion: SDK.userProfileEra, user: { profile: { answer: 'deny' } } });
      await tap(context.world, rt, '#btn-profile');
      await sees(context.world, rt, '资料未修改');
      return rt;
    },
  },
  { name: 'home-profile-era', title: 'home of a new user on base library 2.10.4', reach: (context) => loggedIn(context, { sdkVersion: SDK.userProfileEra }) },
  { name: 'ucenter-no-phone', title: 'user center, no phone number yet', reach: (context) => onUcenter(context) },
  {
    name: 'ucenter-phone-denied',
    title: 'the user refused to share the phone number',
    reach: (context) => phoneAnswer(context, { answer: 'deny' }, '绑定手机号'),
  },
  {
    name: 'ucenter-phone-quota',
    title: "the account's phone-number quota is used up",
    reach: async (context) => {
      const rt = await phoneAnswer(context, { answer: 'quota' }, '绑定手机号');
      await rt.waitFor(() => rt.currentPage()?.$('#notice'), 'the quota notice');
      return rt;
    },
  },
  { name: 'ucenter-binding', title: 'binding the phone number (busy)', reach: async (context) => setPageData(await onUcenter(context), { binding: true }) },
  {
    name: 'ucenter-phone-bound',
    title: 'a bound phone number',
    reach: (context) => phoneAnswer(context, { answer: 'allow', phoneNumber: PHONE.phoneNumber, countryCode: PHONE.countryCode }, PHONE.masked),
  },
  { name: 'ucenter-logout-confirm', title: 'the logout confirmation', reach: logoutConfirm },
  { name: 'ucenter-loading', title: 'user center while the server does not answer', reach: (context) => ucenterAgainst(context, context.unreachable.stalledUrl, '加载中') },
  { name: 'ucenter-load-failed', title: 'user center when the server is down', reach: (context) => ucenterAgainst(context, context.unreachable.refusedUrl, '重试') },
];

/** Each page of app.json opened straight away on a logged-in device: a new page is drawn and checked too. */
export function pageStates(projectRoot: string): ScreenState[] {
  const appJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'miniprogram', 'app.json'), 'utf8')) as { pages?: unknown };
  const pages = Array.isArray(appJson.pages) ? appJson.pages.filter((page): page is string => typeof page === 'string') : [];
  return pages.map((route) => ({
    name: `page-${route.split('/').slice(-2, -1)[0] ?? route}`,
    title: `${route} opened directly`,
    reach: async (context) => {
      const rt = await loggedIn(context);
      if (route !== PAGES.home) {
        await rt.navigate('navigateTo', `/${route}`);
        await rt.idle();
      }
      return rt;
    },
  }));
}
