import * as fs from 'fs';
import * as path from 'path';
import type { SimElement, SimPage } from '../types';
import type { HeadlessRuntime } from '../runtime';
import type { World } from './world';

/** A failed expectation of a journey: what the user should have seen, and what was there. */
export class JourneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JourneyError';
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyError(message);
}

export const PAGES = {
  home: 'pages/index/index',
  auth: 'pages/auth/auth',
  ucenter: 'pages/ucenter/ucenter',
  deleteAccount: 'pages/delete-account/delete-account',
} as const;

const titles = new Map<string, string>();

/** The page's title as WeChat shows it in the navigation bar (its page.json). */
export function pageTitle(world: World, route: string): string {
  const cached = titles.get(route);
  if (cached !== undefined) return cached;
  const file = path.join(world.projectRoot, 'miniprogram', `${route}.json`);
  const json = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { navigationBarTitleText?: unknown }) : {};
  const title = typeof json.navigationBarTitleText === 'string' ? json.navigationBarTitleText : route;
  titles.set(route, title);
  return title;
}

export function currentPage(rt: HeadlessRuntime): SimPage {
  const page = rt.currentPage();
  check(page, 'no page is open');
  return page;
}

/** rt.waitFor, failing with what is on screen when the wait gave up (not when it started). */
async function waitShowing<T>(rt: HeadlessRuntime, predicate: () => T, expected: string, timeoutMs?: number): Promise<NonNullable<T>> {
  try {
    return await rt.waitFor(predicate, expected, timeoutMs);
  } catch {
    const stack = rt.pageStack().map((p) => p.path).join(' › ') || 'no page';
    throw new JourneyError(`${expected}; the page stack is [${stack}] and the page in front shows: ${rt.currentPage()?.text() ?? ''}`);
  }
}

export async function onPage(world: World, rt: HeadlessRuntime, route: string): Promise<SimPage> {
  const page = await waitShowing(rt, () => {
    const top = rt.currentPage();
    return top && top.path === route ? top : null;
  }, `expected to be on ${route}`);
  world.narrate(`  [${pageTitle(world, route)}] (${route}) is in front; page stack: ${rt.pageStack().map((p) => p.path).join(' › ')}`);
  return page;
}

export async function element(rt: HeadlessRuntime, selector: string, timeoutMs?: number): Promise<SimElement> {
  return waitShowing(rt, () => rt.currentPage()?.$(selector) ?? null, `expected ${selector} on the page`, timeoutMs);
}

/** Home shows the logged-in user's card (avatar, nickname, phone line). */
export async function seesOwnProfile(world: World, rt: HeadlessRuntime, timeoutMs?: number): Promise<void> {
  const card = await element(rt, '#profile-card', timeoutMs);
  world.narrate(`  sees their profile card: ${card.text()}`);
}

export async function tap(world: World, rt: HeadlessRuntime, selector: string): Promise<void> {
  const target = await element(rt, selector);
  world.narrate(`  tap “${target.text() || selector}” (${selector})`);
  await target.tap();
}

/** Waits until the page in front shows `text`; returns the page's whole visible text. */
export async function sees(world: World, rt: HeadlessRuntime, text: string, timeoutMs?: number): Promise<string> {
  const shown = await waitShowing(
    rt,
    () => {
      const all = rt.currentPage()?.text() ?? '';
      return all.includes(text) ? all : null;
    },
    `expected to see “${text}”`,
    timeoutMs,
  );
  world.narrate(`  sees “${text}”`);
  return shown;
}

export function narrateScreen(world: World, rt: HeadlessRuntime): void {
  const page = currentPage(rt);
  world.narrate(`  [${pageTitle(world, page.path)}] shows: ${page.text()}`);
}

/** The app's own privacy popup (components/privacy-popup) asks; the user answers as scripted. */
export async function answerPrivacyPopup(world: World, rt: HeadlessRuntime): Promise<void> {
  const button = await waitShowing(rt, () => {
    const popup = rt.currentPage()?.$('privacy-popup');
    const id = rt.user.privacy === 'agree' ? '#btn-privacy-agree' : '#btn-privacy-disagree';
    return popup?.$(id) ?? null;
  }, 'expected the privacy popup');
  world.narrate(`  the privacy popup asks for consent; the user taps “${button.text()}”`);
  await button.tap();
}

/** Taps an element that uses a privacy API, answering the privacy popup when it appears first. */
export async function tapPrivacyGuarded(world: World, rt: HeadlessRuntime, selector: string): Promise<void> {
  await tap(world, rt, selector);
  await rt.idle();
  const popup = rt.currentPage()?.$('privacy-popup');
  if (popup?.$('#btn-privacy-agree')) await answerPrivacyPopup(world, rt);
}

export async function userRow(world: World, openid: string) {
  return world.server.db
    .selectFrom('users')
    .innerJoin('identities', 'identities.user_id', 'users.id')
    .selectAll('users')
    .where('identities.openid', '=', openid)
    .executeTakeFirst();
}

/** Records every exchange the app makes from now on: `calls(path)` lists the statuses answered on that path, in order. */
export function watchNetwork(rt: HeadlessRuntime): { calls(path: string): Array<number | null>; stop(): void } {
  const seen: Array<{ path: string; statusCode: number | null }> = [];
  const stop = rt.onExchange((exchange) => seen.push({ path: new URL(exchange.url).pathname, statusCode: exchange.statusCode }));
  return { calls: (path) => seen.filter((entry) => entry.path === path).map((entry) => entry.statusCode), stop };
}

export async function tokenRows(world: World, userId: number) {
  return world.server.db.selectFrom('tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export function storedToken(rt: HeadlessRuntime): string {
  const stored = rt.wx.getStorageSync('session.v1') as unknown;
  const token = typeof stored === 'object' && stored !== null ? (stored as { token?: unknown }).token : undefined;
  check(typeof token === 'string' && token.length > 0, 'the app holds no session token in storage');
  return token;
}

export async function serverSaysMe(world: World, token: string): Promise<number> {
  const response = await fetch(`${world.server.url}/api/user/me`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

/** The server's avatar files (its data dir's uploads folder), by stored name. */
export function uploadedFiles(world: World): string[] {
  const dir = path.join(world.tmpDir, 'data', 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The stored file name an avatar URL of this server points at. */
export function storedFileOf(avatarUrl: string | null): string {
  const name = avatarUrl === null ? '' : path.basename(new URL(avatarUrl).pathname);
  check(name !== '', `no stored avatar file behind ${avatarUrl}`);
  return name;
}

/** Every row the server holds about a user id, table by table (all zero once the account is deleted). */
export async function rowsOfUser(world: World, userId: number): Promise<Record<string, number>> {
  const db = world.server.db;
  const count = async (rows: Promise<unknown[]>): Promise<number> => (await rows).length;
  return {
    users: await count(db.selectFrom('users').select('id').where('id', '=', userId).execute()),
    identities: await count(db.selectFrom('identities').select('id').where('user_id', '=', userId).execute()),
    tokens: await count(db.selectFrom('tokens').select('id').where('user_id', '=', userId).execute()),
    uploads: await count(db.selectFrom('uploads').select('id').where('user_id', '=', userId).execute()),
  };
}
