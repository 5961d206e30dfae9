/** The endpoint's pure parts, without a runtime: XPath, wire encoding, mock shapes, the pre-launch page. */
import { appHandlers } from '../../simulator/automator/handlers/app';
import type { HandlerContext } from '../../simulator/automator/handlers/context';
import { ParamReader } from '../../simulator/automator/params';
import { decodeRequest, encodeEvent, toWire } from '../../simulator/automator/protocol';
import { Registry } from '../../simulator/automator/registry';
import { createLayoutAccess } from '../../simulator/automator/layout';
import { DEFAULT_SETTLE, settle } from '../../simulator/automator/settle';
import { functionMock, resultMock } from '../../simulator/automator/wx-mock';
import { isSyncApi } from '../../simulator/runtime/sync-apis';
import { xpathToSelector } from '../../simulator/automator/xpath';
import type { Runtime } from '../../simulator/types';

describe('xpathToSelector', () => {
  it.each([
    ['//view', 'view'],
    ["//view[@id='counter']", 'view[id=counter]'],
    ['//button[@open-type="getPhoneNumber"]', 'button[open-type=getPhoneNumber]'],
    ["//*[@data-kind='a b']", '[data-kind="a b"]'],
    ['//view[@hidden]', 'view[hidden]'],
    ["//view[contains(@class,'list')]/view", 'view.list > view'],
    ['//form//input', 'form input'],
  ])('%s → %s', (xpath, selector) => {
    expect(xpathToSelector(xpath)).toBe(selector);
  });

  it.each(['/page/view', '//view[2]', '//view[text()="a"]', '//*', 'view'])('rejects %s with what is supported', (xpath) => {
    expect(() => xpathToSelector(xpath)).toThrow(/unsupported XPath .*supported XPath: /);
  });
});

describe('wire encoding', () => {
  it('makes any value JSON-safe', () => {
    const cyclic: Record<string, unknown> = { a: 1, fn: () => 1, missing: undefined, big: BigInt(5), when: new Date(0) };
    cyclic.self = cyclic;
    expect(toWire(cyclic)).toEqual({ a: 1, big: '5', when: '1970-01-01T00:00:00.000Z', self: '[Circular]' });
    expect(toWire([undefined, NaN, new Error('x')])).toEqual([null, null, { name: 'Error', message: 'x' }]);
  });

  it('reads requests and refuses frames without an id', () => {
    expect(decodeRequest('{"id":"a","method":"Tool.getInfo"}')).toEqual({
      kind: 'request',
      request: { id: 'a', method: 'Tool.getInfo', params: {} },
    });
    expect(decodeRequest('{"id":"","method":"Tool.getInfo"}')).toMatchObject({ kind: 'invalid', id: null });
    expect(decodeRequest('{"id":"b"}')).toEqual({ kind: 'invalid', id: 'b', message: 'request has no method' });
  });

  it('encodes events with their method and params only', () => {
    expect(JSON.parse(encodeEvent('App.bindingCalled', { name: 'f', args: [1] }))).toEqual({
      method: 'App.bindingCalled',
      params: { name: 'f', args: [1] },
    });
  });
});

describe('mockWxMethod shapes', () => {
  const origin = (): string => 'original';

  it('result form: sync APIs return it, async APIs call success and complete', () => {
    expect(isSyncApi('getStorageSync')).toBe(true);
    expect(isSyncApi('getAppBaseInfo')).toBe(true);
    expect(isSyncApi('onNeedPrivacyAuthorization')).toBe(true);
    expect(isSyncApi('getUserProfile')).toBe(false);
    expect(isSyncApi('openPrivacyContract')).toBe(false);
    expect(resultMock('getStorageSync', 'x').call({ origin }, 'key')).toBe('x');

    const calls: string[] = [];
    const returned = resultMock('getUserProfile', { errMsg: 'getUserProfile:ok' }).call({ origin }, {
      success: () => calls.push('success'),
      fail: () => calls.push('fail'),
      complete: () => calls.push('complete'),
    });
    expect(returned).toBeUndefined();
    expect(calls).toEqual(['success', 'complete']);
  });

  it('result form: a ":fail" errMsg calls fail, and the promise form rejects', async () => {
    const calls: string[] = [];
    resultMock('getUserProfile', { errMsg: 'getUserProfile:fail auth deny' }).call({ origin }, {
      success: () => calls.push('success'),
      fail: () => calls.push('fail'),
    });
    expect(calls).toEqual(['fail']);
    await expect(resultMock('login', { code: 'c', errMsg: 'login:ok' }).call({ origin })).resolves.toEqual({ code: 'c', errMsg: 'login:ok' });
    await expect(resultMock('login', { errMsg: 'login:fail' }).call({ origin })).rejects.toEqual({ errMsg: 'login:fail' });
  });

  it('function form: call args then extra args, with this.origin', () => {
    const mock = functionMock('function (a, b) { return this.origin() + a + b }', ['!'], {});
    expect(mock.call({ origin }, '?')).toBe('original?!');
  });
});

describe('App.getCurrentPage before any page', () => {
  it('answers pageId 0 and an empty path', async () => {
    const runtime = { currentPage: () => null, pageStack: () => [] } as unknown as Runtime;
    const context: HandlerContext = {
      runtime,
      app: { ready: async () => runtime, exit: () => undefined },
      registry: new Registry(() => runtime),
      session: { addBinding: () => undefined, enableLog: () => undefined, endAfterReply: () => undefined },
      homeUrl: '/pages/index/index',
      settleOptions: DEFAULT_SETTLE,
      layout: createLayoutAccess({ projectRoot: '/no/such/project' }),
    };
    const params = new ParamReader('App.getCurrentPage', {});
    expect(await appHandlers['App.getCurrentPage'](params, context)).toEqual({ pageId: 0, path: '', query: {} });
    expect(await appHandlers['App.getPageStack'](params, context)).toEqual({ pageStack: [] });
  });
});

describe('settle', () => {
  // Fake timers count only the timers settle() itself starts, unlike the process-wide resource list.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind once the action has settled', async () => {
    const runtime = { idle: async () => undefined, ui: { pendingModal: () => null } } as unknown as Runtime;
    await settle(runtime, Promise.resolve(), { pollMs: 60_000, capMs: 60_000 });
    expect(jest.getTimerCount()).toBe(0);
  });
});
