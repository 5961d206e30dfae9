/**
 * The fake's interaction prompts (wx.showToast, wx.showModal, wx.showLoading / hideLoading): each
 * recorded for assertions; modals answer what the test queued, confirm by default.
 */
import type { Answer, Callbacks, WxApis } from './fake-wx-answer';
import type { FakeCalls } from './fake-wx-calls';

export interface FakeModalControls {
  answerNext(confirm: boolean): void;
}

export function fakePrompts(calls: FakeCalls, answer: Answer): { apis: WxApis; modal: FakeModalControls } {
  const modalAnswers: boolean[] = [];
  const apis: WxApis = {
    showToast: (option: WechatMiniprogram.ShowToastOption) =>
      answer(option, () => {
        calls.toast.push(option);
        return { errMsg: 'showToast:ok' };
      }),
    showModal: (option: WechatMiniprogram.ShowModalOption) =>
      answer(option, () => {
        calls.modal.push(option);
        const confirm = modalAnswers.shift() ?? true;
        return { confirm, cancel: !confirm, content: '', errMsg: 'showModal:ok' };
      }),
    showLoading: (option: WechatMiniprogram.ShowLoadingOption) =>
      answer(option, () => {
        calls.loading.push({ show: true, title: option.title });
        return { errMsg: 'showLoading:ok' };
      }),
    hideLoading: (option?: Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        calls.loading.push({ show: false });
        return { errMsg: 'hideLoading:ok' };
      }),
  };
  const modal: FakeModalControls = {
    answerNext: (confirm) => {
      modalAnswers.push(confirm);
    },
  };
  return { apis, modal };
}
