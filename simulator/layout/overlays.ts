/**
 * What WeChat draws over the page itself, from the runtime's UI state: wx.showModal's dialog over a mask,
 * wx.showToast (success, error, loading or text only) and wx.showLoading, in the WeUI 2 look the WeChat
 * app uses for them (Tencent/weui-wxss: weui-dialog, weui-toast, weui-mask).
 */
import type { UiOnScreen } from '../types';
import { escapeHtml } from './html';


export const OVERLAY_CSS = `
.wx-mask { position: absolute; z-index: 1000; top: 0; right: 0; bottom: 0; left: 0; background: rgba(0,0,0,.6); }
.wx-mask-transparent { background: transparent; }
.wx-modal { position: absolute; z-index: 5000; top: 50%; left: 16px; right: 16px; max-width: 320px; margin: 0 auto; transform: translate(0, -50%);
  background: #fff; text-align: center; border-radius: 12px; overflow: hidden; font-family: -apple-system, 'PingFang SC', sans-serif; }
.wx-modal-title { padding: 32px 24px 16px; font-weight: 700; font-size: 17px; line-height: 1.4; color: rgba(0,0,0,.9); }
.wx-modal-content { padding: 0 24px; margin-bottom: 32px; font-size: 17px; line-height: 1.4; color: rgba(0,0,0,.5); word-wrap: break-word; }
.wx-modal-title + .wx-modal-content:first-child { padding-top: 32px; }
.wx-modal-footer { position: relative; display: flex; line-height: 56px; min-height: 56px; font-size: 17px; border-top: 0.5px solid rgba(0,0,0,.1); }
.wx-modal-button { flex: 1; font-weight: 700; }
.wx-modal-button + .wx-modal-button { border-left: 0.5px solid rgba(0,0,0,.1); }
.wx-toast { position: absolute; z-index: 5000; width: 120px; height: 120px; top: 40%; left: 50%; transform: translate(-50%, -50%);
  box-sizing: border-box; display: flex; flex-direction: column; align-items: center; justify-content: center;
  border-radius: 5px; color: rgba(255,255,255,.9); background-color: #4c4c4c; text-align: center; font-family: -apple-system, 'PingFang SC', sans-serif; }
.wx-toast-text { width: auto; height: auto; min-width: 152px; max-width: 216px; padding: 12px 16px; border-radius: 8px; }
.wx-toast-content { font-size: 14px; padding: 0 8px; }
.wx-toast-icon { margin-bottom: 8px; }
.wx-toast-icon-success { width: 26px; height: 13px; border-left: 3px solid currentColor; border-bottom: 3px solid currentColor; transform: rotate(-45deg); margin: 4px 0 22px; }
.wx-toast-icon-error { width: 40px; height: 40px; border-radius: 50%; border: 3px solid currentColor; box-sizing: border-box; font: 700 24px/34px sans-serif; }
.wx-toast-icon-error:before { content: "!"; }
.wx-toast-icon-loading { width: 38px; height: 38px; border-radius: 50%; border: 3px solid rgba(255,255,255,.3); border-top-color: currentColor; box-sizing: border-box; }
`;

function toastHtml(title: string, icon: string): string {
  if (icon === 'none') return `<div class="wx-toast wx-toast-text"><div class="wx-toast-content">${escapeHtml(title)}</div></div>`;
  const kind = icon === 'error' || icon === 'loading' ? icon : 'success';
  return `<div class="wx-toast"><div class="wx-toast-icon wx-toast-icon-${kind}"></div><div class="wx-toast-content">${escapeHtml(title)}</div></div>`;
}

function modalHtml(modal: NonNullable<UiOnScreen['modal']>): string {
  const title = modal.title ? `<div class="wx-modal-title">${escapeHtml(modal.title)}</div>` : '';
  const content = modal.content ? `<div class="wx-modal-content">${escapeHtml(modal.content)}</div>` : '';
  const cancel = modal.showCancel
    ? `<div class="wx-modal-button" style="color:${escapeHtml(modal.cancelColor)}">${escapeHtml(modal.cancelText)}</div>`
    : '';
  const confirm = `<div class="wx-modal-button" style="color:${escapeHtml(modal.confirmColor)}">${escapeHtml(modal.confirmText)}</div>`;
  return `<div class="wx-mask"></div><div class="wx-modal">${title}${content}<div class="wx-modal-footer">${cancel}${confirm}</div></div>`;
}

/** The overlays in stacking order: a toast or loading shows above a modal, as on the phone. */
export function overlaysHtml(ui: UiOnScreen): string {
  const parts: string[] = [];
  if (ui.modal) parts.push(modalHtml(ui.modal));
  // showLoading puts a transparent mask under itself: the page cannot be tapped while it shows.
  if (ui.loading) parts.push(`<div class="wx-mask wx-mask-transparent"></div>${toastHtml(ui.loading.title, 'loading')}`);
  else if (ui.toast) parts.push(toastHtml(ui.toast.title, ui.toast.icon));
  return parts.join('');
}
