/**
 * The fake's wx.login and wx.checkSession: login codes minted for the current openid (which the
 * contract server accepts once each) and the WeChat session that checkSession reports, scriptable
 * so tests can make either fail.
 */
import { WxFailure, type Answer, type Callbacks, type WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';

export interface FakeLoginControls {
  failNext(times?: number, errMsg?: string): void;
  noCodeNext(): void;
  setOpenid(openid: string): void;
  codes(): string[];
}

export interface FakeSessionControls {
  setValid(valid: boolean): void;
  isValid(): boolean;
}

export interface FakeLoginOptions {
  calls: FakeCalls;
  answer: Answer;
  openid: string;
  sessionValid: boolean;
}

/** What the login and session APIs and their controls share. */
interface LoginState {
  openid: string;
  sessionValid: boolean;
  codeCounter: number;
  /** What the next logins do instead of minting a code, queued by the test. */
  script: Array<{ errMsg: string } | 'no-code'>;
}

/** Codes look like `code:<openid>:<n>`; a successful wx.login makes checkSession valid again. */
function login(state: LoginState, calls: FakeCalls): { code: string; errMsg: string } {
  const scripted = state.script.shift();
  if (scripted === 'no-code') {
    calls.login.push({ code: null, errMsg: 'login:ok' });
    return { code: '', errMsg: 'login:ok' };
  }
  if (scripted !== undefined) {
    calls.login.push({ code: null, errMsg: scripted.errMsg });
    throw new WxFailure(scripted.errMsg);
  }
  state.codeCounter += 1;
  const code = `code:${state.openid}:${state.codeCounter}`;
  state.sessionValid = true;
  calls.login.push({ code, errMsg: 'login:ok' });
  return { code, errMsg: 'login:ok' };
}

function checkSession(state: LoginState, calls: FakeCalls): { errMsg: string } {
  calls.checkSession.push(state.sessionValid);
  if (!state.sessionValid) throw new WxFailure('checkSession:fail session time out, need relogin');
  return { errMsg: 'checkSession:ok' };
}

function loginControls(state: LoginState, calls: FakeCalls): FakeLoginControls {
  return {
    failNext: (times = 1, errMsg = 'login:fail network error') => {
      for (let i = 0; i < times; i += 1) state.script.push({ errMsg });
    },
    noCodeNext: () => {
      state.script.push('no-code');
    },
    setOpenid: (value) => {
      state.openid = value;
    },
    codes: () => calls.login.flatMap((call) => (call.code === null ? [] : [call.code])),
  };
}

export function fakeLogin(options: FakeLoginOptions): {
  apis: WxApis;
  login: FakeLoginControls;
  session: FakeSessionControls;
} {
  const { calls, answer } = options;
  const state: LoginState = { openid: options.openid, sessionValid: options.sessionValid, codeCounter: 0, script: [] };
  return {
    apis: {
      login: (option?: Callbacks<{ code: string; errMsg: string }>) => answer(option, () => login(state, calls)),
      checkSession: (option?: Callbacks<{ errMsg: string }>) => answer(option, () => checkSession(state, calls)),
    },
    login: loginControls(state, calls),
    session: {
      setValid: (valid) => {
        state.sessionValid = valid;
      },
      isValid: () => state.sessionValid,
    },
  };
}
