/**
 * @jest-environment node
 *
 * A mini-program written the way most are: plain JS, `Page()` pages, a component registered app-wide in
 * app.json's `usingComponents` (test/fixtures/page-app). The headless runtime runs it like WeChat: the
 * page lifecycles in order with the query, setData, handlers, navigation, the app-level component in
 * every page; and every render is the one wcc gives for the same data.
 */
import * as path from 'path';
import { createHeadlessRuntime, type HeadlessRuntime } from '../../simulator/runtime';
import type { RenderEntry } from '../../simulator/runtime/renders';
import type { SimPage } from '../../simulator/types';
import { frontPage, tapFront } from '../support/front-page';
import { compileWxml } from '../../simulator/wechat-tools/wcc';
import { renderMismatches } from '../compile/support/parity';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'page-app');
/** Nothing in the fixture calls the network; a closed port makes any request fail loudly. */
const NO_SERVER = 'http://127.0.0.1:9';

let rt: HeadlessRuntime;
const renders: RenderEntry[] = [];
const thrown: string[] = [];

async function log(): Promise<string[]> {
  return (await rt.evaluate('function () { return getApp().globalData.log.slice(); }', [])) as string[];
}

const page = (): SimPage => frontPage(rt);
const tap = (selector: string): Promise<void> => tapFront(rt, selector);

beforeAll(async () => {
  rt = await createHeadlessRuntime({ projectRoot: FIXTURE, serverUrl: NO_SERVER, openid: 'o-page-app' });
  rt.onRender((entry) => renders.push(entry));
  rt.on('exception', (error) => thrown.push(error.stack || error.message));
  await rt.launch({ query: { from: 'share' } });
  await rt.idle();
});

afterAll(async () => {
  await rt.close();
});

afterEach(() => {
  expect(thrown).toEqual([]);
});

it('runs App() and the first Page() with its query: onLoad, onShow, onReady in order', async () => {
  expect(page().path).toBe('pages/list/list');
  expect(await log()).toEqual(['app:onLaunch:pages/list/list', 'list:onLoad:share', 'list:onShow', 'list:onReady']);
  expect(page().$('#from')?.text()).toBe('from share');
});

it('renders the app-level component in the page, properties and slotted content included', () => {
  const cards = page().$$('item-card');
  expect(cards.map((card) => card.attribute('id'))).toEqual(['card-a', 'card-b']);
  expect(page().$('#card-a')?.text()).toBe('Apples #fruit #red');
  expect(page().$('#card-b')?.text()).toBe('Bread no tags');
  expect(page().$('#card-b')?.$('.card')?.attribute('class')).toBe('card card-done');
  // The outer wx:for's index, read after an inner wx:for in the same element (see jcomponent-fixes.ts).
  expect(page().$('.item-0')?.attribute('id')).toBe('card-a');
});

it('runs handlers with setData, reads custom Page() fields, and applies wx:if/wx:elif/wx:for', async () => {
  await tap('#btn-add');
  expect(page().$('#btn-add')?.text()).toBe('Add (1)');
  expect(page().$('.count')?.text()).toBe('3 items');
  expect(page().$('#card-n1')?.text()).toBe('New 1 #new');
  await tap('#btn-add');
  expect(page().$('#notice-full')?.text()).toBe('The list is full');
  expect(page().$('.count')).toBeNull();
  await tap('#filter-open');
  expect(page().$$('item-card').map((card) => card.attribute('id'))).toEqual(['card-a', 'card-n1']);
  await tap('#filter-all');
});

it('navigates from a component event with the query: onHide below, the new page loaded, shown and ready', async () => {
  const card = page().$('#card-a')?.$('.card');
  if (!card) throw new Error('card-a has no .card');
  await card.tap();
  await rt.idle();
  expect(page().path).toBe('pages/detail/detail');
  expect(page().$('#detail-card')?.text()).toBe('Apples id a');
  expect((await log()).slice(-4)).toEqual(['list:onHide', 'detail:onLoad:a', 'detail:onShow', 'detail:onReady']);
});

it('navigates back: onUnload of the top page, onShow of the one below', async () => {
  await tap('#btn-back');
  expect(rt.pageStack().map((entry) => entry.path)).toEqual(['pages/list/list']);
  expect((await log()).slice(-2)).toEqual(['detail:onUnload', 'list:onShow']);
});

it('rendered every state as wcc does (the app-level component included)', () => {
  const templates = compileWxml(path.join(FIXTURE, 'miniprogram'));
  const paths = new Set(renders.map((entry) => entry.path));
  expect([...paths].sort()).toEqual(['components/item-card/item-card', 'pages/detail/detail', 'pages/list/list']);
  expect(renderMismatches(templates, renders).join('\n\n')).toBe('');
});
