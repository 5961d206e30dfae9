/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { createHeadlessRuntime, type HeadlessRuntime } from '../../simulator/runtime';
import { solidPng } from '../../simulator/runtime/png';
import type { RuntimeOptions, SimPage } from '../../simulator/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'runtime-app');

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP server standing in for the developer server: records requests, answers by path. */
interface Echo {
  url: string;
  received: Received[];
  maxInFlight: () => number;
  /** Requests to /held/<n> wait here until released. */
  held: Map<string, http.ServerResponse>;
  /** Held requests whose client went away before they were answered. */
  cutOff: Set<string>;
  close: () => Promise<void>;
}

function startEcho(): Promise<Echo> {
  const received: Received[] = [];
  const held = new Map<string, http.ServerResponse>();
  const cutOff = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const url = req.url ?? '';
      if (url.startsWith('/slow')) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          res.end(JSON.stringify({ order: url }));
        }, 60);
      } else if (url.startsWith('/held/')) {
        const key = url.slice('/held/'.length);
        held.set(key, res);
        res.on('close', () => {
          if (!res.writableEnded) cutOff.add(key);
        });
      } else if (url.startsWith('/hang')) {
        res.flushHeaders();
      } else if (url.startsWith('/fail')) {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: { code: 'X', message: 'boom' } }));
      } else if (url.startsWith('/text')) {
        res.end('not json');
      } else {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-echo', 'yes');
        res.end(JSON.stringify({ ok: true, method: req.method, url }));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        maxInFlight: () => maxInFlight,
        held,
        cutOff,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('headless runtime (fixture mini-program)', () => {
  let echo: Awaited<ReturnType<typeof startEcho>>;
  let tmp: string;
  const runtimes: HeadlessRuntime[] = [];

  const runtime = async (options: Partial<RuntimeOptions> = {}): Promise<HeadlessRuntime> => {
    const rt = await createHeadlessRuntime({ projectRoot: FIXTURE, serverUrl: echo.url, openid: 'o-fixture', ...options });
    runtimes.push(rt);
    return rt;
  };
  const launched = async (options: Partial<RuntimeOptions> = {}): Promise<{ rt: HeadlessRuntime; page: SimPage }> => {
    const rt = await runtime(options);
    await rt.launch();
    await rt.idle();
    const page = rt.currentPage();
    if (!page) throw new Error('no page after launch');
    return { rt, page };
  };

  beforeAll(async () => {
    echo = await startEcho();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-test-'));
  });
  afterEach(async () => {
    for (const rt of runtimes.splice(0)) await rt.close();
  });
  afterAll(async () => {
    await echo.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('app and pages', () => {
    it('runs App() lifecycles, then loads the first page with its lifecycles and renders it', async () => {
      const { rt, page } = await launched();
      expect(page.path).toBe('pages/home/home');
      expect(await rt.evaluate('function () { return getApp().globalData.log }', [])).toEqual(['launch:pages/home/home', 'show']);
      expect(page.data('events')).toEqual(['attached', 'load:{}', 'show']);
      expect(page.text()).toContain('Hello world');
      expect(page.text()).toContain('a b');
    });

    it('reads adjacent texts as separate words', async () => {
      const { page } = await launched();
      expect(page.$('#pair')?.text()).toBe('nickname logged in');
      expect(page.text()).toContain('nickname logged in');
    });

    it('leaves hidden elements out of the visible text', async () => {
      const { page } = await launched();
      expect(page.text()).not.toContain('top secret');
      await page.setData({ secret: true });
      expect(page.text()).toContain('top secret');
    });

    it('launches a given page with a query', async () => {
      const rt = await runtime();
      await rt.launch({ path: 'pages/detail/detail', query: { id: '42' } });
      expect(rt.currentPage()?.path).toBe('pages/detail/detail');
      expect(rt.currentPage()?.text()).toContain('id=42');
    });

    it('relaunch drops module state but keeps storage', async () => {
      const rt = await runtime({ storageFile: path.join(tmp, 'relaunch.json') });
      await rt.launch();
      rt.wx.setStorageSync('kept', { n: 1 });
      await rt.evaluate('function () { getApp().globalData.launches += 10 }', []);
      await rt.relaunch();
      expect(await rt.evaluate('function () { return getApp().globalData.launches }', [])).toBe(1);
      expect(rt.wx.getStorageSync('kept')).toEqual({ n: 1 });
    });
  });

  describe('selectors and elements', () => {
    it('finds elements by id, class, tag, attribute, descendant, child and position', async () => {
      const { page } = await launched();
      expect(page.$('#title')?.text()).toBe('Hello world');
      expect(page.$$('.item').map((e) => e.text())).toEqual(['a', 'b']);
      expect(page.$$('button')).toHaveLength(7);
      expect(page.$('[open-type=getPhoneNumber]')?.attribute('id')).toBe('btn-phone');
      expect(page.$('.list .item:nth-child(2)')?.text()).toBe('b');
      expect(page.$('.home > text')?.attribute('id')).toBe('title');
      expect(page.$('.list > button')).toBeNull();
      expect(page.$('#title, #status')?.attribute('id')).toBe('title');
    });

    it('keeps custom component internals out of page queries and exposes them through the component', async () => {
      const { page } = await launched();
      const badge = page.$('badge');
      expect(badge?.isComponent).toBe(true);
      expect(page.$('.label')).toBeNull();
      expect(badge?.$('.label')?.text()).toBe('new');
      expect(badge?.data('label')).toBe('new');
      expect(badge?.propertyNames()).toContain('label');
      expect(badge?.wxml('inner')).toContain('<view class="badge">');
    });

    it('gives the same node the same id and reads declared styles', async () => {
      const { page } = await launched();
      expect(page.$('#title')?.id).toBe(page.$('.title')?.id);
      expect(page.$('#title')?.id).not.toBe(page.$('#status')?.id);
      expect(page.$('#title')?.style('color')).toBe('red');
      expect(page.$('badge')?.$('.badge')?.style('background')).toBe('blue');
    });

    it('delivers taps to handlers, including events a custom component triggers', async () => {
      const { page } = await launched();
      await page.$('badge')?.$('.badge')?.tap();
      expect(page.data('status')).toBe('badge pressed 1');
      expect(page.$('badge')?.data('times')).toBe(1);
    });

    it('ignores taps on a disabled button', async () => {
      const { rt, page } = await launched();
      await page.$('#btn-disabled')?.tap();
      await rt.idle();
      expect(rt.pageStack()).toHaveLength(1);
    });

    it('submits a form with what the user typed', async () => {
      const { page } = await launched();
      await page.$('#input-nickname')?.input('Alice');
      expect(page.data('typed')).toBe('Alice');
      expect(page.$('#input-nickname')?.property('value')).toBe('Alice');
      await page.$('#btn-save')?.tap();
      expect(page.data('submitted')).toEqual({ nickName: 'Alice' });
    });

    it('clears a nickname WeChat rejects on blur', async () => {
      const { rt, page } = await launched();
      rt.user = { ...rt.user, nickname: { value: 'bad', rejected: true } };
      await page.$('#input-nickname')?.input('bad');
      await page.$('#btn-save')?.tap();
      expect(page.data('submitted')).toEqual({ nickName: '' });
    });
  });

  describe('router', () => {
    it('navigates with a query, hides and shows pages, and goes back', async () => {
      const { rt, page } = await launched();
      await page.$('#btn-go')?.tap();
      await rt.idle();
      const detail = rt.currentPage();
      expect(detail?.path).toBe('pages/detail/detail');
      expect(detail?.query).toEqual({ id: '7', name: 'a b' });
      expect(page.data('events')).toEqual(['attached', 'load:{}', 'show', 'hide']);
      const instances = await rt.evaluate('function () { return getCurrentPages().map(function (p) { return p.route }) }', []);
      expect(instances).toEqual(['pages/home/home', 'pages/detail/detail']);
      await detail?.$('#btn-back')?.tap();
      await rt.idle();
      expect(rt.pageStack().map((p) => p.path)).toEqual(['pages/home/home']);
      expect(detail?.alive).toBe(false);
      expect(page.data('events')).toEqual(['attached', 'load:{}', 'show', 'hide', 'show']);
    });

    it('runs page lifecycles in WeChat order across navigateTo, navigateBack with delta, redirectTo and reLaunch', async () => {
      const { rt } = await launched();
      const lifecycles = async (): Promise<unknown> => rt.evaluate('function () { return getApp().globalData.lifecycles.splice(0) }', []);
      for (const id of ['1', '2', '3']) await rt.navigate('navigateTo', `/pages/detail/detail?id=${id}`);
      expect(await lifecycles()).toEqual([
        'detail#1:onLoad', 'detail#1:onShow', 'detail#1:onHide',
        'detail#2:onLoad', 'detail#2:onShow', 'detail#2:onHide',
        'detail#3:onLoad', 'detail#3:onShow',
      ]);
      await rt.navigate('navigateBack', undefined, 2);
      expect(await lifecycles()).toEqual(['detail#3:onUnload', 'detail#2:onUnload', 'detail#1:onShow']);
      await rt.navigate('redirectTo', '/pages/detail/detail?id=4');
      expect(await lifecycles()).toEqual(['detail#1:onUnload', 'detail#4:onLoad', 'detail#4:onShow']);
      await rt.navigate('navigateTo', '/pages/detail/detail?id=5');
      await lifecycles();
      await rt.navigate('reLaunch', '/pages/detail/detail?id=6');
      expect(await lifecycles()).toEqual(['detail#5:onUnload', 'detail#4:onUnload', 'detail#6:onLoad', 'detail#6:onShow']);
      expect(rt.pageStack().map((p) => p.query.id)).toEqual(['6']);
    });

    it('redirects, relaunches and enforces WeChat limits', async () => {
      const { rt } = await launched();
      await rt.navigate('redirectTo', '/pages/detail/detail?id=1');
      expect(rt.pageStack().map((p) => p.path)).toEqual(['pages/detail/detail']);
      await rt.navigate('reLaunch', '/pages/home/home');
      expect(rt.pageStack().map((p) => p.path)).toEqual(['pages/home/home']);
      await expect(rt.callWx('navigateTo', [{ url: '/pages/missing/missing' }])).rejects.toEqual({ errMsg: 'navigateTo:fail page "pages/missing/missing" is not found' });
      await expect(rt.callWx('switchTab', [{ url: '/pages/home/home' }])).rejects.toEqual({ errMsg: 'switchTab:fail can not switch to no-tabBar page' });
      await expect(rt.navigate('navigateBack')).rejects.toMatchObject({ errMsg: 'navigateBack:fail cannot navigate back at first page.' });
      for (let i = 1; i < 10; i += 1) await rt.navigate('navigateTo', `/pages/detail/detail?id=${i}`);
      expect(rt.pageStack()).toHaveLength(10);
      await expect(rt.navigate('navigateTo', '/pages/detail/detail')).rejects.toMatchObject({ errMsg: 'navigateTo:fail webview count limit exceed' });
      await rt.navigate('navigateBack', undefined, 3);
      expect(rt.pageStack()).toHaveLength(7);
      expect(new Set(rt.pageStack().map((p) => p.id)).size).toBe(7);
    });
  });

  describe('wx.request and wx.uploadFile', () => {
    it('does real HTTP, rewriting the develop origin to the server, and parses JSON', async () => {
      const { rt } = await launched();
      const res = (await rt.callWx('request', [{ url: 'http://127.0.0.1:3000/api/x?a=1', method: 'POST', data: { b: 2 }, header: { 'X-Test': 't' } }])) as Record<string, unknown>;
      expect(res).toMatchObject({ statusCode: 200, errMsg: 'request:ok', data: { ok: true, method: 'POST', url: '/api/x?a=1' } });
      expect((res.header as Record<string, string>)['x-echo']).toBe('yes');
      const last = echo.received[echo.received.length - 1];
      expect(last?.headers['x-test']).toBe('t');
      expect(last?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(last?.body.toString() ?? '')).toEqual({ b: 2 });
    });

    it('succeeds for every status and keeps non-JSON text as is', async () => {
      const { rt } = await launched();
      await expect(rt.callWx('request', [{ url: `${echo.url}/fail` }])).resolves.toMatchObject({ statusCode: 500, data: { error: { code: 'X' } } });
      await expect(rt.callWx('request', [{ url: `${echo.url}/text` }])).resolves.toMatchObject({ statusCode: 200, data: 'not json' });
      await expect(rt.callWx('request', [{ url: `${echo.url}/q`, data: { a: 1, b: 'x y' } }])).resolves.toMatchObject({ data: { url: '/q?a=1&b=x%20y' } });
    });

    it('fails a PATCH as WeChat does (wx.request has no PATCH) without sending anything', async () => {
      const { rt } = await launched();
      const sent = echo.received.length;
      await expect(rt.callWx('request', [{ url: `${echo.url}/patch`, method: 'PATCH', data: { a: 1 } }])).rejects.toEqual({
        errMsg: expect.stringMatching(/^request:fail parameter error: parameter\.method should be one of OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT/),
      });
      expect(echo.received).toHaveLength(sent);
      await expect(rt.callWx('request', [{ url: `${echo.url}/put`, method: 'put' }])).resolves.toMatchObject({ data: { method: 'PUT' } });
    });

    it('fails with request:fail timeout after the timeout', async () => {
      const { rt } = await launched();
      await expect(rt.callWx('request', [{ url: `${echo.url}/hang`, timeout: 100 }])).rejects.toEqual({ errMsg: 'request:fail timeout' });
    });

    it('fails when the server cannot be reached', async () => {
      const { rt } = await launched();
      await expect(rt.callWx('request', [{ url: 'http://127.0.0.1:1/x' }])).rejects.toMatchObject({ errMsg: expect.stringMatching(/^request:fail /) });
    });

    it('keeps at most 10 requests in flight', async () => {
      const { rt } = await launched();
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => rt.callWx('request', [{ url: `${echo.url}/slow/${i}` }])));
      expect(echo.maxInFlight()).toBeGreaterThan(0);
      expect(echo.maxInFlight()).toBeLessThanOrEqual(10);
      expect(results).toHaveLength(25);
    });

    it('starts waiting requests first come, first served', async () => {
      const { rt } = await launched();
      const arrived = (): string[] => [...echo.held.keys()];
      const all = Promise.all(Array.from({ length: 12 }, (_, i) => rt.callWx('request', [{ url: `${echo.url}/held/${i}` }])));
      await rt.waitFor(() => arrived().length === 10, 'ten requests at the server');
      expect(arrived().sort()).toEqual(Array.from({ length: 10 }, (_, i) => String(i)).sort());
      echo.held.get('3')?.end('{}');
      await rt.waitFor(() => arrived().length === 11, 'the eleventh request at the server');
      expect(arrived()[10]).toBe('10');
      expect(arrived()).toHaveLength(11);
      echo.held.get('5')?.end('{}');
      await rt.waitFor(() => arrived().length === 12, 'the twelfth request at the server');
      expect(arrived()[11]).toBe('11');
      for (const [key, res] of echo.held) if (key !== '3' && key !== '5') res.end('{}');
      await expect(all).resolves.toHaveLength(12);
      echo.held.clear();
    });

    it('cuts off the requests of a killed app, so a relaunch neither waits for them nor runs their callbacks', async () => {
      const { rt } = await launched();
      let settled = false;
      void rt.callWx('request', [{ url: `${echo.url}/held/killed` }]).finally(() => {
        settled = true;
      });
      await rt.waitFor(() => echo.held.has('killed'), 'the request at the server');
      await rt.relaunch();
      await rt.waitFor(() => echo.cutOff.has('killed'), 'the connection of the killed app closed');
      await rt.idle();
      expect(settled).toBe(false);
      echo.held.delete('killed');
    });

    it('uploads a chosen file as multipart with its bytes', async () => {
      const png = solidPng(2, 2, [255, 0, 0]);
      const file = path.join(tmp, 'pick.png');
      fs.writeFileSync(file, png);
      const { rt, page } = await launched({ user: { avatar: { answer: 'choose', filePath: file } } });
      await page.$('#btn-avatar')?.tap();
      const tempPath = page.data('avatar');
      expect(tempPath).toMatch(/^http:\/\/tmp\/.+\.png$/);
      const res = await rt.callWx('uploadFile', [{ url: `${echo.url}/upload`, filePath: tempPath, name: 'file', formData: { kind: 'avatar' } }]);
      expect(res).toMatchObject({ statusCode: 200, errMsg: 'uploadFile:ok' });
      const last = echo.received[echo.received.length - 1];
      expect(last?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(last?.body.includes(png)).toBe(true);
      expect(last?.body.toString('latin1')).toContain('name="kind"');
      await expect(rt.callWx('uploadFile', [{ url: `${echo.url}/upload`, filePath: file, name: 'file' }])).rejects.toMatchObject({
        errMsg: expect.stringContaining('only temporary paths'),
      });
    });
  });

  describe('WeChat answers for the user', () => {
    it('cancelled avatar or refused privacy fires no chooseavatar event', async () => {
      const file = path.join(tmp, 'none.png');
      fs.writeFileSync(file, solidPng(1, 1, [0, 0, 0]));
      const cancelled = await launched({ user: { avatar: { answer: 'cancel' } } });
      await cancelled.page.$('#btn-avatar')?.tap();
      expect(cancelled.page.data('avatar')).toBe('');
      const refused = await launched({ user: { avatar: { answer: 'choose', filePath: file }, privacy: 'disagree' } });
      await refused.page.$('#btn-avatar')?.tap();
      expect(refused.page.data('avatar')).toBe('');
    });

    it('answers getPhoneNumber deny and quota with the real detail shapes', async () => {
      const { rt, page } = await launched({ user: { phone: { answer: 'deny' } } });
      await page.$('#btn-phone')?.tap();
      expect(page.data('phone')).toEqual({ errMsg: 'getPhoneNumber:fail user deny' });
      rt.user = { ...rt.user, phone: { answer: 'quota' } };
      await page.$('#btn-phone')?.tap();
      expect(page.data('phone')).toEqual({ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 });
    });

    it('asks the app\'s privacy listener first and runs the API once it resolves', async () => {
      const { rt, page } = await launched({ user: { phone: { answer: 'quota' } } });
      await page.callMethod('listenPrivacy', []);
      await page.$('#btn-phone')?.tap();
      await rt.idle();
      expect(page.data('status')).toBe('privacy asked by getPhoneNumber');
      expect(page.data('phone')).toBeNull();
      await expect(rt.callWx('getPrivacySetting', [{}])).resolves.toMatchObject({ needAuthorization: true });
      await rt.evaluate('function () { getApp().privacyAnswer({ event: "disagree" }) }', []);
      await rt.waitFor(() => page.data('phone'), 'the phone event after a refusal');
      expect(page.data('phone')).toEqual({ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 });
      await page.$('#btn-phone')?.tap();
      await rt.evaluate('function () { getApp().privacyAnswer({ event: "agree", buttonId: "agree" }) }', []);
      await rt.waitFor(() => (page.data('phone') as { errno?: number }).errno === 1400001, 'the phone event after consent');
      await expect(rt.callWx('getPrivacySetting', [{}])).resolves.toMatchObject({ needAuthorization: false });
    });

    it('getUserProfile returns the real profile before 2.27.1 and the anonymous one after', async () => {
      const profile = { answer: 'allow' as const, nickName: 'Real', avatarUrl: 'https://example.com/a.png' };
      const old = await launched({ sdkVersion: '2.10.4', user: { profile } });
      await old.page.$('#btn-profile')?.tap();
      await old.rt.idle();
      expect(old.page.data('profile')).toMatchObject({ nickName: 'Real', avatarUrl: 'https://example.com/a.png' });
      const current = await launched({ user: { profile } });
      await current.page.$('#btn-profile')?.tap();
      await current.rt.idle();
      expect(current.page.data('profile')).toMatchObject({ nickName: '微信用户' });
    });

    it('getUserProfile fails on deny and outside a tap', async () => {
      const { rt, page } = await launched({ user: { profile: { answer: 'deny' } } });
      await page.$('#btn-profile')?.tap();
      await rt.idle();
      expect(page.data('status')).toBe('getUserProfile:fail auth deny');
      await page.callMethod('onProfile', []);
      await rt.idle();
      expect(page.data('status')).toBe('getUserProfile:fail can only be invoked by user TAP gesture.');
    });
  });

  describe('wx backed by the runtime', () => {
    it('answers version questions for the configured base library', async () => {
      const old = await runtime({ sdkVersion: '2.10.4' });
      expect(old.wx.canIUse('getUserProfile')).toBe(true);
      expect(old.wx.canIUse('button.open-type.chooseAvatar')).toBe(false);
      expect(old.wx.getAppBaseInfo).toBeUndefined();
      expect(old.wx.getSystemInfoSync().SDKVersion).toBe('2.10.4');
      const older = await runtime({ sdkVersion: '2.9.0' });
      expect(older.wx.canIUse('getUserProfile')).toBe(false);
      expect(older.wx.getUserProfile).toBeUndefined();
      const current = await runtime();
      expect(current.wx.getAppBaseInfo().SDKVersion).toBe('3.7.0');
      expect(current.wx.canIUse('onNeedPrivacyAuthorization')).toBe(true);
      expect(current.wx.getAccountInfoSync().miniProgram.envVersion).toBe('develop');
    });

    it('keeps storage with WeChat semantics and limits, persisted to the storage file', async () => {
      const file = path.join(tmp, 'storage.json');
      const rt = await runtime({ storageFile: file });
      expect(rt.wx.getStorageSync('missing')).toBe('');
      await expect(rt.callWx('getStorage', [{ key: 'missing' }])).rejects.toEqual({ errMsg: 'getStorage:fail data not found' });
      const value = { a: [1, 2] };
      rt.wx.setStorageSync('k', value);
      const read = rt.wx.getStorageSync('k');
      expect(read).toEqual(value);
      expect(read).not.toBe(value);
      expect(() => rt.wx.setStorageSync('big', 'x'.repeat(1024 * 1024))).toThrow('exceed storage item max length');
      const again = await runtime({ storageFile: file });
      expect(again.wx.getStorageSync('k')).toEqual(value);
      expect(again.wx.getStorageInfoSync().keys).toEqual(['k']);
    });

    it('records toasts and loading, and answers modals from the script or holds them', async () => {
      const { rt } = await launched();
      rt.ui.answerModals('cancel');
      await expect(rt.callWx('showModal', [{ title: 'T', content: 'C' }])).resolves.toMatchObject({ confirm: false, cancel: true });
      await expect(rt.callWx('showModal', [{ title: 'T2', content: 'C2' }])).resolves.toMatchObject({ confirm: true });
      rt.ui.holdModals = true;
      const held = rt.callWx('showModal', [{ title: 'Hold', content: 'on' }]);
      await rt.waitFor(() => rt.ui.pendingModal(), 'modal pending');
      expect(rt.ui.pendingModal()).toEqual({ title: 'Hold', content: 'on' });
      expect(rt.ui.resolvePendingModal('cancel')).toBe(true);
      await expect(held).resolves.toMatchObject({ cancel: true });
      await rt.callWx('showToast', [{ title: 'Saved', icon: 'success' }]);
      await rt.callWx('showLoading', [{ title: 'Wait' }]);
      await rt.callWx('hideLoading', [{}]);
      expect(rt.ui.records).toEqual([
        { kind: 'modal', title: 'T', content: 'C', confirmed: false },
        { kind: 'modal', title: 'T2', content: 'C2', confirmed: true },
        { kind: 'modal', title: 'Hold', content: 'on', confirmed: false },
        { kind: 'toast', title: 'Saved', icon: 'success' },
        { kind: 'loading', title: 'Wait' },
        { kind: 'hideLoading' },
      ]);
    });

    it('mocks and restores wx methods, evaluates in the app context and exposes bindings', async () => {
      const { rt } = await launched();
      rt.mockWx('getStorageSync', function mocked(this: { origin: (...args: unknown[]) => unknown }, key: unknown) {
        return `mocked:${String(key)}:${String(this.origin('nothing'))}`;
      });
      expect(await rt.callWx('getStorageSync', ['k'])).toBe('mocked:k:');
      rt.restoreWx('getStorageSync');
      expect(await rt.callWx('getStorageSync', ['k'])).toBe('');
      const seen: unknown[][] = [];
      rt.exposeBinding('report', (args) => seen.push(args));
      await rt.evaluate('function (x) { report(x, wx.getAppBaseInfo().SDKVersion) }', [5]);
      expect(seen).toEqual([[5, '3.7.0']]);
    });

    it('emits console output and exceptions from the mini-program', async () => {
      const { rt } = await launched();
      const logs: unknown[] = [];
      const errors: string[] = [];
      rt.on('console', (entry) => logs.push(entry));
      rt.on('exception', (entry) => errors.push(entry.message));
      await rt.evaluate('function () { console.warn("careful", 1) }', []);
      expect(logs).toEqual([{ type: 'warn', args: ['careful', 1] }]);
      await expect(rt.evaluate('function () { return wx.openBluetoothAdapter() }', [])).rejects.toThrow(
        'wx.openBluetoothAdapter is not implemented by the headless runtime',
      );
      await rt.evaluate('function () { wx.nextTick(function () { throw new Error("late failure") }) }', []);
      await rt.idle();
      expect(errors).toContain('late failure');
      await rt.currentPage()?.$('#btn-throw')?.tap();
      expect(errors).toContain('handler failed');
      await expect(rt.currentPage()?.callMethod('boom', [])).rejects.toThrow('handler failed');
      await rt.currentPage()?.$('#btn-go')?.tap();
      await rt.idle();
      expect(rt.currentPage()?.path).toBe('pages/detail/detail');
    });
  });
});
