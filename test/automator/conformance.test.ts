/**
 * Protocol conformance: every method simulator/automator/methods.ts claims, driven over the wire with the
 * official miniprogram-automator client against the fixture mini-program. Methods marked 'needs-devtools'
 * must fail with a message that says so.
 */
import automator from 'miniprogram-automator';
import { METHODS, methodsWith, type MethodName } from '../../simulator/automator/methods';
import { all, currentPage, element, idOf, typeInto, type MiniProgram, type Page } from './support/client';
import { startFixtureEndpoint, type FixtureEndpoint } from './support/fixture';
import { eventually } from './support/poll';
import { rawConnect } from './support/raw';

jest.setTimeout(30_000);

let fixture: FixtureEndpoint;
let miniProgram: MiniProgram;
let home: Page;
/** Methods this suite has exercised successfully over the wire; checked against the table at the end. */
const exercised = new Set<MethodName>();

function covers(...methods: MethodName[]): void {
  methods.forEach((method) => exercised.add(method));
}

beforeAll(async () => {
  fixture = await startFixtureEndpoint();
  miniProgram = await automator.connect({ wsEndpoint: fixture.automator.wsEndpoint });
  covers('Tool.getInfo');
  home = await currentPage(miniProgram);
});

afterAll(async () => {
  miniProgram.disconnect();
  await fixture.close();
});

describe('Tool', () => {
  it('Tool.getInfo reports the runtime base library', async () => {
    const raw = await rawConnect(fixture.automator.wsEndpoint);
    try {
      expect(await raw.request('Tool.getInfo')).toMatchObject({ result: { SDKVersion: fixture.automator.runtime.sdkVersion } });
    } finally {
      await raw.close();
    }
  });

  it('Tool.native confirmModal and cancelModal answer the modal the app is showing', async () => {
    const ask = await element(home, '#ask');
    await ask.tap();
    expect(fixture.automator.runtime.ui.pendingModal()).toMatchObject({ title: 'Sure?' });
    await miniProgram.native().confirmModal();
    expect(await home.data('modal')).toBe('confirmed');

    await ask.tap();
    await miniProgram.native().cancelModal();
    expect(await home.data('modal')).toBe('cancelled');
    await expect(miniProgram.native().confirmModal()).rejects.toThrow('no modal is showing');
    covers('Element.tap', 'Tool.native');
  });

  it('Tool.native authorizeCancel and authorizeAllow set the answer of the next authorization popup', async () => {
    await miniProgram.native().authorizeCancel();
    expect(fixture.automator.runtime.user.profile).toEqual({ answer: 'deny' });
    await miniProgram.native().authorizeAllow();
    expect(fixture.automator.runtime.user.profile).toMatchObject({ answer: 'allow' });
  });

  it('Tool.native answers the dialogs it cannot show with a clear error', async () => {
    await expect(miniProgram.native().shareConfirm()).rejects.toThrow('WeChat DevTools');
    await expect(miniProgram.native().closePaymentDialog()).rejects.toThrow('payment');
  });
});

describe('App', () => {
  it('App.getCurrentPage gives the live page with its runtime id', async () => {
    const live = fixture.automator.runtime.currentPage();
    expect(home.path).toBe('pages/home/home');
    expect(idOf(home)).toBe(live?.id);
    expect(await miniProgram.currentPage()).toBe(home);
    covers('App.getCurrentPage');
  });

  it('App.callWxMethod calls wx, and route APIs finish before the reply', async () => {
    await miniProgram.callWxMethod('setStorageSync', 'greeting', 'hello');
    expect(await miniProgram.callWxMethod('getStorageSync', 'greeting')).toBe('hello');
    expect(await miniProgram.systemInfo()).toMatchObject({ SDKVersion: fixture.automator.runtime.sdkVersion });
    await expect(miniProgram.callWxMethod('noSuchApi')).rejects.toThrow('noSuchApi');

    const second = await miniProgram.navigateTo('/pages/second/second?from=home');
    expect(second?.path).toBe('pages/second/second');
    expect(second?.query).toEqual({ from: 'home' });
    expect(await second?.data('from')).toBe('home');
    covers('App.callWxMethod');
  });

  it('App.getPageStack lists the pages oldest first', async () => {
    const stack = await miniProgram.pageStack();
    expect(stack.map((page) => page.path)).toEqual(['pages/home/home', 'pages/second/second']);
    expect(stack[0]).toBe(home);
    covers('App.getPageStack');
  });

  it('Tool.native goHome relaunches the first page with a fresh page id', async () => {
    await miniProgram.native().goHome();
    const page = await currentPage(miniProgram);
    expect(page.path).toBe('pages/home/home');
    expect(page).not.toBe(home);
    expect((await miniProgram.pageStack()).length).toBe(1);
    home = page;
  });

  it('App.mockWxMethod: result form, function form and restore', async () => {
    await miniProgram.callWxMethod('setStorageSync', 'k', 'v');
    await miniProgram.mockWxMethod('getStorageSync', 'mocked');
    expect(await miniProgram.callWxMethod('getStorageSync', 'k')).toBe('mocked');

    await miniProgram.mockWxMethod('getNetworkType', { networkType: '5g', errMsg: 'getNetworkType:ok' });
    expect(await miniProgram.callWxMethod('getNetworkType')).toMatchObject({ networkType: '5g' });
    expect(await miniProgram.evaluate(() => wx.getNetworkType().then((result) => result.networkType))).toBe('5g');

    await miniProgram.mockWxMethod(
      'getStorageSync',
      function (this: { origin: (key: string) => string }, key: string, suffix: string) {
        return `${this.origin(key)}${suffix}`;
      },
      '!',
    );
    expect(await miniProgram.callWxMethod('getStorageSync', 'k')).toBe('v!');

    await miniProgram.restoreWxMethod('getStorageSync');
    await miniProgram.restoreWxMethod('getNetworkType');
    expect(await miniProgram.callWxMethod('getStorageSync', 'k')).toBe('v');
    covers('App.mockWxMethod');
  });

  it('App.mockWxMethod result form fails an async API when its errMsg says so', async () => {
    await miniProgram.mockWxMethod('getNetworkType', { errMsg: 'getNetworkType:fail offline' });
    const outcome: unknown = await miniProgram.evaluate(() =>
      wx.getNetworkType().then(
        () => 'resolved',
        (error: { errMsg: string }) => error.errMsg,
      ),
    );
    await miniProgram.restoreWxMethod('getNetworkType');
    expect(outcome).toBe('getNetworkType:fail offline');
  });

  it('App.callFunction evaluates in the app with its arguments', async () => {
    expect(await miniProgram.evaluate((a: number, b: number) => a + b, 2, 3)).toBe(5);
    expect(await miniProgram.evaluate('function () { return getCurrentPages().length }')).toBe(1);
    covers('App.callFunction');
  });

  it('App.addBinding: the app calls the exposed function over App.bindingCalled', async () => {
    const calls: unknown[][] = [];
    await miniProgram.exposeFunction('reportToTest', (...args: unknown[]) => calls.push(args));
    await miniProgram.evaluate('function () { reportToTest("hi", 2) }');
    await eventually(() => calls.length > 0, 'the binding call');
    expect(calls).toEqual([['hi', 2]]);
    covers('App.addBinding');
  });

  it('App.enableLog streams console calls as App.logAdded', async () => {
    const entries: unknown[] = [];
    miniProgram.on('console', (entry: unknown) => entries.push(entry));
    await miniProgram.evaluate('function () { console.warn("careful", 42) }');
    const entry = await eventually(() => entries.find((item) => JSON.stringify(item).includes('careful')), 'the console entry');
    expect(entry).toEqual({ type: 'warn', args: ['careful', 42] });
    covers('App.enableLog');
  });

  it('App.exceptionThrown reports errors thrown by the app code', async () => {
    const errors: unknown[] = [];
    miniProgram.on('exception', (error: unknown) => errors.push(error));
    await (await element(home, '#boom')).tap();
    const error = await eventually(() => errors[0], 'the exception event');
    expect(error).toMatchObject({ message: expect.stringContaining('boom from the fixture') });
  });
});

describe('Page', () => {
  it('Page.getElement and Page.getElements find elements by selector, with stable ids', async () => {
    const counter = await element(home, '#counter');
    expect(counter.tagName).toBe('view');
    expect(await home.$('#counter')).toBe(counter);
    expect(await home.$('.no-such-thing')).toBeNull();
    const items = await all(home.$$('.list > .item'));
    expect(items).toHaveLength(2);
    expect(await home.$$('.no-such-thing')).toEqual([]);
    await home.waitFor('.item');
    covers('Page.getElement', 'Page.getElements');
  });

  it('Page.getElementByXpath and Page.getElementsByXpath take the simple XPath forms', async () => {
    const counter = await element(home, '#counter');
    expect(await home.xpath("//view[@id='counter']")).toBe(counter);
    expect(await home.getElementByXpath('//view[@data-kind="counter"]')).toBe(counter);
    expect(await all(home.getElementsByXpath("//view[contains(@class,'list')]/view"))).toHaveLength(2);
    await expect(home.getElementsByXpath('//view[2]')).rejects.toThrow('unsupported XPath');
    covers('Page.getElementByXpath', 'Page.getElementsByXpath');
  });

  it('Page.getData, Page.setData and Page.callMethod', async () => {
    await home.setData({ count: 41 });
    expect(await home.data('count')).toBe(41);
    expect(await home.data()).toMatchObject({ count: 41, modal: '' });
    expect(await (await element(home, '#counter')).text()).toBe('41');
    expect(await home.callMethod('add', 40, 2)).toBe(42);
    covers('Page.getData', 'Page.setData', 'Page.callMethod');
  });

  it('Page.callMethod replies once the work the method started is done, and does not hang on a held modal', async () => {
    expect(await home.callMethod('later', 'done')).toBe('scheduled');
    expect(await home.data('later')).toBe('done');
    expect(await home.callMethod('askAndWait')).toBeNull();
    expect(fixture.automator.runtime.ui.pendingModal()).toMatchObject({ title: 'Wait?' });
    await miniProgram.native().confirmModal();
    expect(fixture.automator.runtime.ui.pendingModal()).toBeNull();
  });
});

describe('Element', () => {
  it('Element.getElement and Element.getElements search inside the element', async () => {
    const root = await element(home, '#root');
    expect(await root.$('#counter')).toBe(await home.$('#counter'));
    expect(await all(root.$$('.item'))).toHaveLength(2);
    expect(await root.$('#nothing')).toBeNull();
    covers('Element.getElement', 'Element.getElements');
  });

  it('Element.getDOMProperties answers innerText', async () => {
    expect(await (await element(home, '#title')).text()).toBe('Fixture home');
    covers('Element.getDOMProperties');
  });

  it('Element.getAttributes, Element.getStyles and Element.getWXML', async () => {
    const title = await element(home, '#title');
    expect(await title.attribute('class')).toBe('title');
    expect(await title.style('color')).toBe('red');
    expect(await (await element(home, '#counter')).style('background-color')).toBe('blue');
    expect(await title.wxml()).toContain('Fixture home');
    expect(await title.outerWxml()).toMatch(/^<text/);
    covers('Element.getAttributes', 'Element.getStyles', 'Element.getWXML');
  });

  it('Element.tap runs the handler', async () => {
    const before: unknown = await home.data('count');
    await (await element(home, '#counter')).tap();
    expect(await home.data('count')).toBe(Number(before) + 1);
  });

  it('Element.touchstart, touchmove and touchend deliver the touches', async () => {
    const touch = await element(home, '#touch');
    const point = { identifier: 0, pageX: 10, pageY: 20, clientX: 10, clientY: 20 };
    await touch.touchstart({ touches: [point], changeTouches: [point] });
    await touch.touchmove({ touches: [point], changeTouches: [point] });
    await touch.touchend({ touches: [], changeTouches: [point] });
    expect(await home.data('touches')).toEqual(['touchstart:1', 'touchmove:1', 'touchend:0']);
    covers('Element.touchstart', 'Element.touchmove', 'Element.touchend');
  });

  it('Element.triggerEvent and Element.dispatchEvent fire events with their detail', async () => {
    const pinger = await element(home, '#pinger');
    await pinger.trigger('ping', { round: 1 });
    expect(await home.data('ping')).toEqual({ round: 1 });
    await pinger.dispatchEvent({ eventName: 'ping', detail: { round: 2 } });
    expect(await home.data('ping')).toEqual({ round: 2 });
    covers('Element.triggerEvent', 'Element.dispatchEvent');
  });

  it('Element.callFunction types into input and textarea; Element.getProperties reads value', async () => {
    const name = await element(home, '#name');
    const bio = await element(home, '#bio');
    if (!(name instanceof automator.InputElement)) throw new Error('an input should be an InputElement');
    await name.input('Ada');
    await typeInto(bio, 'Counts things');
    expect(await home.data()).toMatchObject({ name: 'Ada', bio: 'Counts things' });
    expect(await name.value()).toBe('Ada');
    expect(await name.property('value')).toBe('Ada');
    await expect(name.property('noSuchProperty')).rejects.toThrow('input.noSuchProperty not exists');
    covers('Element.callFunction', 'Element.getProperties');
  });

  it('Element.callMethod, Element.getData and Element.setData on a custom component', async () => {
    const box = await element(home, '#box');
    if (!(box instanceof automator.CustomElement)) throw new Error('a custom component should be a CustomElement');
    expect(await box.callMethod('bump', 2)).toBe(2);
    expect(await box.data('n')).toBe(2);
    expect(await home.data('box')).toBe(2);
    await box.setData({ n: 10 });
    expect(await box.data()).toMatchObject({ n: 10, label: 'box' });
    expect(await (await element(box, '.n')).text()).toBe('10');
    covers('Element.callMethod', 'Element.getData', 'Element.setData');
  });
});

describe('layout, from the layout engine (headless Chromium)', () => {
  it('App.captureScreenshot is a PNG of the 375×667 screen at 2x', async () => {
    const data = await miniProgram.screenshot();
    if (typeof data !== 'string') throw new Error('screenshot() without a path returns the base64 data');
    const png = Buffer.from(data, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 750, height: 1334 });
    covers('App.captureScreenshot');
  });

  it('Page.getWindowProperties answers page.size() and page.scrollTop() from the laid-out webview', async () => {
    const size = await home.size();
    expect(size.width).toBe(375);
    // The page is laid out below WeChat's 20px status bar and 44px navigation bar: 667 - 64 tall at least.
    expect(size.height).toBeGreaterThanOrEqual(603);
    expect(await home.scrollTop()).toBe(0);
    covers('Page.getWindowProperties');
  });

  it('Element.getOffset and Element.getDOMProperties offsetWidth/offsetHeight give the element box', async () => {
    const title = await element(home, '#title');
    const counter = await element(home, '#counter');
    expect(await title.offset()).toEqual({ left: 0, top: 0 });
    const titleSize = await title.size();
    expect(titleSize.height).toBeGreaterThan(0);
    // A view is a block: the whole width of the 375px page; the line under the 20px title starts below it.
    expect((await counter.size()).width).toBe(375);
    expect(Number((await counter.offset()).top)).toBeGreaterThanOrEqual(Number(titleSize.height));
    covers('Element.getOffset');
  });

  it('a property path is required for window properties', async () => {
    const raw = await rawConnect(fixture.automator.wsEndpoint);
    try {
      const reply = await raw.request('Page.getWindowProperties', { pageId: idOf(home), names: ['alert(1)'] });
      expect(reply.error?.message).toContain('is not a property path');
    } finally {
      await raw.close();
    }
  });

  it('without Chromium the layout methods name what to install, and everything else still works', async () => {
    const bare = await startFixtureEndpoint({ chromiumPath: '/nonexistent/chromium' });
    const client = await automator.connect({ wsEndpoint: bare.automator.wsEndpoint });
    try {
      const page = await currentPage(client);
      await expect(client.screenshot()).rejects.toThrow('apt-get install chromium');
      await expect(page.size()).rejects.toThrow('apt-get install chromium');
      await expect((await element(page, '#counter')).offset()).rejects.toThrow('apt-get install chromium');
      expect(await (await element(page, '#title')).text()).toBe('Fixture home');
    } finally {
      client.disconnect();
      await bare.close();
    }
  });
});

describe('methods that need WeChat DevTools', () => {
  it('the client gets a clear error for each of them', async () => {
    await expect(miniProgram.testAccounts()).rejects.toThrow('needs WeChat DevTools');
    await expect(miniProgram.getTicket()).rejects.toThrow('needs WeChat DevTools');
  });

  it('every needs-devtools method is answered with an error naming DevTools', async () => {
    const raw = await rawConnect(fixture.automator.wsEndpoint);
    try {
      for (const method of methodsWith('needs-devtools')) {
        const reply = await raw.request(method, {});
        expect(reply.error?.message).toEqual(expect.stringContaining(`${method} needs WeChat DevTools`));
      }
    } finally {
      await raw.close();
    }
  });
});

describe('App.exit and Tool.close', () => {
  it('close() exits the app; the next connection cold-starts it again', async () => {
    const before = idOf(await currentPage(miniProgram));
    await miniProgram.close();
    miniProgram = await automator.connect({ wsEndpoint: fixture.automator.wsEndpoint });
    const page = await currentPage(miniProgram);
    expect(page.path).toBe('pages/home/home');
    expect(idOf(page)).not.toBe(before);
    covers('App.exit', 'Tool.close');
  });
});

describe('the method table', () => {
  it('claims at least 38 of the 45 methods, each of them exercised above', () => {
    expect(Object.keys(METHODS)).toHaveLength(45);
    const supported = methodsWith('supported');
    expect(supported.length).toBeGreaterThanOrEqual(38);
    expect(supported.filter((method) => !exercised.has(method))).toEqual([]);
  });
});
