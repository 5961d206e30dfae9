/** wx's interaction APIs (modal, toast, loading), recorded on the device's UI for the test to see and answer. */
import type { ModalButtons } from '../types';
import { asyncApi, type ApiOptions } from './callbacks';
import { DEFAULT_MODAL_BUTTONS } from './ui';
import type { WxTable } from './wx';
import { ok, type WxKit } from './wx-kit';

/** The modal's buttons as the page asked for them, WeChat's defaults for the rest. */
function modalButtons(options: ApiOptions): ModalButtons {
  const text = (key: string, fallback: string): string => (typeof options[key] === 'string' ? String(options[key]) : fallback);
  return {
    showCancel: options.showCancel !== false,
    cancelText: text('cancelText', DEFAULT_MODAL_BUTTONS.cancelText),
    cancelColor: text('cancelColor', DEFAULT_MODAL_BUTTONS.cancelColor),
    confirmText: text('confirmText', DEFAULT_MODAL_BUTTONS.confirmText),
    confirmColor: text('confirmColor', DEFAULT_MODAL_BUTTONS.confirmColor),
  };
}

export function uiApis({ deps, api }: WxKit): WxTable {
  const { ui, report } = deps;
  return {
    // Not tracked: a held modal waits for a person, and idle() must not wait for one.
    showModal: asyncApi(
      'showModal',
      async (options) => {
        const confirmed = await ui.modal(String(options.title ?? ''), String(options.content ?? ''), modalButtons(options));
        return ok('showModal', { confirm: confirmed, cancel: !confirmed });
      },
      report,
      (work) => work,
    ),
    showToast: api('showToast', async (options) => {
      ui.record({ kind: 'toast', title: String(options.title ?? ''), icon: String(options.icon ?? 'success') });
      return ok('showToast');
    }),
    hideToast: api('hideToast', async () => ok('hideToast')),
    showLoading: api('showLoading', async (options) => {
      ui.record({ kind: 'loading', title: String(options.title ?? '') });
      return ok('showLoading');
    }),
    hideLoading: api('hideLoading', async () => {
      ui.record({ kind: 'hideLoading' });
      return ok('hideLoading');
    }),
  };
}
