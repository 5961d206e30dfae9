import { createPrivacyGate, type PrivacyRequest } from '../../../miniprogram/utils/privacy';

type Listener = WechatMiniprogramExtra.NeedPrivacyAuthorizationListener;
type Decision = WechatMiniprogramExtra.PrivacyDecision;

function fakePrivacyWx() {
  const listeners: Listener[] = [];
  return {
    source: { onNeedPrivacyAuthorization: (listener: Listener) => listeners.push(listener) },
    listeners,
    /** WeChat asking: returns what the listener resolved, in order. */
    ask(referrer = 'getPhoneNumber'): Decision[] {
      const decisions: Decision[] = [];
      listeners[listeners.length - 1]((decision) => decisions.push(decision), { referrer });
      return decisions;
    },
  };
}

function presenter() {
  const shown: PrivacyRequest[] = [];
  let hidden = 0;
  return {
    shown,
    hiddenCount: () => hidden,
    show: (request: PrivacyRequest) => shown.push(request),
    hide: () => {
      hidden += 1;
    },
  };
}

test('unsupported base library: nothing registered, attaching still works', () => {
  const gate = createPrivacyGate({});
  expect(gate.supported).toBe(false);
  const handle = gate.attach(presenter());
  expect(() => handle.detach()).not.toThrow();
});

test('registers one listener however many popups attach', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  expect(wx.listeners).toHaveLength(0);
  gate.attach(presenter());
  gate.attach(presenter());
  expect(wx.listeners).toHaveLength(1);
});

test('the most recently attached popup shows the request; agree resolves with the button id once', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  const first = presenter();
  const second = presenter();
  gate.attach(first);
  gate.attach(second);
  const decisions = wx.ask('chooseAvatar');
  expect(first.shown).toHaveLength(0);
  expect(second.shown).toHaveLength(1);
  expect(second.shown[0].referrer).toBe('chooseAvatar');
  second.shown[0].agree('btn-agree');
  second.shown[0].disagree();
  expect(decisions).toEqual([{ event: 'agree', buttonId: 'btn-agree' }]);
  expect(second.hiddenCount()).toBe(1);
});

test('activate brings a popup back to the front (its page is shown again)', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  const first = presenter();
  const handle = gate.attach(first);
  gate.attach(presenter());
  handle.activate();
  wx.ask();
  expect(first.shown).toHaveLength(1);
});

test('no popup on screen: the request is declined at once', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  gate.attach(presenter()).detach();
  expect(wx.ask()).toEqual([{ event: 'disagree' }]);
});

test('a popup that goes away declines what it was showing', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  const popup = presenter();
  const handle = gate.attach(popup);
  const decisions = wx.ask();
  handle.detach();
  expect(decisions).toEqual([{ event: 'disagree' }]);
});

test('a second request declines the unanswered first one and is shown instead', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  const popup = presenter();
  gate.attach(popup);
  const first = wx.ask('getPhoneNumber');
  const second = wx.ask('chooseAvatar');
  expect(first).toEqual([{ event: 'disagree' }]);
  expect(popup.shown.map((request) => request.referrer)).toEqual(['getPhoneNumber', 'chooseAvatar']);
  popup.shown[1].agree('b');
  expect(second).toEqual([{ event: 'agree', buttonId: 'b' }]);
});

test('a missing eventInfo gives an empty referrer', () => {
  const wx = fakePrivacyWx();
  const gate = createPrivacyGate(wx.source);
  const popup = presenter();
  gate.attach(popup);
  wx.listeners[0](() => undefined);
  expect(popup.shown[0].referrer).toBe('');
});
