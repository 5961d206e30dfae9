/**
 * Error paths the official client never produces, over a bare WebSocket: every request gets exactly one
 * JSON reply with its id, errors carry a useful message, and the connection survives all of it.
 */
import { startFixtureEndpoint, type FixtureEndpoint } from './support/fixture';
import { eventually } from './support/poll';
import { rawConnect, type RawClient } from './support/raw';

jest.setTimeout(30_000);

let fixture: FixtureEndpoint;
let raw: RawClient;
let pageId: unknown;

beforeAll(async () => {
  fixture = await startFixtureEndpoint();
  raw = await rawConnect(fixture.automator.wsEndpoint);
  pageId = (await raw.request('App.getCurrentPage')).result;
  pageId = typeof pageId === 'object' && pageId !== null ? Reflect.get(pageId, 'pageId') : undefined;
});

afterAll(async () => {
  await raw.close();
  await fixture.close();
});

async function errorOf(method: string, params: unknown = {}): Promise<string> {
  const reply = await raw.request(method, params);
  expect(reply.result).toBeUndefined();
  const message = reply.error?.message;
  if (typeof message !== 'string') throw new Error(`${method} did not fail: ${JSON.stringify(reply)}`);
  return message;
}

async function stillUp(): Promise<void> {
  const reply = await raw.request('Tool.getInfo');
  expect(reply.result).toEqual({ SDKVersion: fixture.automator.runtime.sdkVersion });
}

it('answers an unknown method with an error naming it', async () => {
  expect(await errorOf('App.doesNotExist')).toBe('unknown method "App.doesNotExist": miniprogram-automator 0.12.1 sends no such request');
  await stillUp();
});

it('answers bad params with the field that is wrong', async () => {
  expect(await errorOf('Page.getElement', { pageId })).toBe('Page.getElement: params.selector must be a non-empty string');
  expect(await errorOf('Page.getElement', { pageId: 'one', selector: 'view' })).toBe('params.pageId must be a number');
  expect(await errorOf('Page.getElement', { pageId: 9999, selector: 'view' })).toBe('no page with pageId 9999');
  expect(await errorOf('Page.setData', { pageId, data: [1] })).toBe('Page.setData: params.data must be an object');
  expect(await errorOf('Element.tap', { pageId, elementId: 'nope' })).toContain('no element nope on page');
  expect(await errorOf('App.callWxMethod', { method: 'navigateTo', args: [{}] })).toContain('args[0].url must be a non-empty string');
  expect(await errorOf('Page.getElement', { pageId, selector: '[unclosed' })).toContain('invalid selector');
  expect(await errorOf('App.mockWxMethod', { method: 'getStorageSync', functionDeclaration: 'function (' })).toContain('does not compile');
  expect(await errorOf('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/missing/missing' }] })).toBe(
    'App.callWxMethod: navigateTo:fail page "pages/missing/missing" is not found',
  );
  expect(await errorOf('App.callWxMethod', { method: 'getStorage', args: [{ key: 'never-stored' }] })).toBe('App.callWxMethod: getStorage:fail data not found');
  await stillUp();
});

it('answers a selector that matches nothing with an error, for single lookups only', async () => {
  expect(await errorOf('Page.getElement', { pageId, selector: '#missing' })).toBe('no element matches "#missing" on page pages/home/home');
  expect((await raw.request('Page.getElements', { pageId, selector: '#missing' })).result).toEqual({ elements: [] });
  await stillUp();
});

it('ignores frames it cannot answer and keeps the connection', async () => {
  const before = raw.frames.length;
  raw.sendText('this is not JSON');
  raw.sendText(JSON.stringify({ method: 'Tool.getInfo', params: {} }));
  raw.sendText(JSON.stringify([1, 2, 3]));
  await stillUp();
  expect(raw.frames.length).toBe(before + 1);
});

it('echoes numeric ids and rejects non-object params', async () => {
  raw.sendText(JSON.stringify({ id: 7, method: 'Tool.getInfo', params: {} }));
  raw.sendText(JSON.stringify({ id: 'p', method: 'Tool.getInfo', params: 'nope' }));
  await eventually(() => raw.frames.some((frame) => JSON.stringify(frame).includes('"id":"p"')), 'the reply to id p');
  expect(raw.frames).toContainEqual({ id: 7, result: { SDKVersion: fixture.automator.runtime.sdkVersion } });
  expect(raw.frames).toContainEqual({ id: 'p', error: { message: 'Tool.getInfo: params must be an object' } });
});

it('sends events only of the kinds the client listens for', async () => {
  expect((await raw.request('App.enableLog')).result).toEqual({});
  await raw.request('App.callFunction', { functionDeclaration: 'function () { console.info("over the wire") }', args: [] });
  await eventually(
    () => raw.frames.some((frame) => JSON.stringify(frame) === JSON.stringify({ method: 'App.logAdded', params: { type: 'info', args: ['over the wire'] } })),
    'the App.logAdded event',
  );
  const events = raw.frames.filter((frame) => typeof frame !== 'object' || frame === null || !Reflect.get(frame, 'id'));
  for (const event of events) {
    expect(['App.logAdded', 'App.exceptionThrown', 'App.bindingCalled']).toContain(Reflect.get(Object(event), 'method'));
  }
});

it('App.enableLog never fails, however often it is sent', async () => {
  for (let i = 0; i < 3; i += 1) expect((await raw.request('App.enableLog')).result).toEqual({});
});

it('Tool.close replies, then closes the connection', async () => {
  const other = await rawConnect(fixture.automator.wsEndpoint);
  expect((await other.request('Tool.close')).result).toEqual({});
  await other.closed;
  await stillUp();
});
