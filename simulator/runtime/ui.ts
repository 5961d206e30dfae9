import type { ModalButtons, Ui, UiOnScreen, UiRecord } from '../types';

/** How long WeChat shows a toast when showToast gives no duration. */
export const TOAST_MS = 1500;

export const DEFAULT_MODAL_BUTTONS: ModalButtons = {
  showCancel: true,
  cancelText: '取消',
  cancelColor: '#000000',
  confirmText: '确定',
  confirmColor: '#576B95',
};

export interface UiController extends Ui {
  /** Records a modal and resolves with the user's answer (scripted, held, or confirm). */
  modal(title: string, content: string, buttons?: ModalButtons): Promise<boolean>;
  record(entry: UiRecord): void;
  onRecord(listener: (entry: UiRecord) => void): () => void;
}

export function createUi(now: () => number = Date.now): UiController {
  const records: UiRecord[] = [];
  const answers: Array<'confirm' | 'cancel'> = [];
  const listeners = new Set<(entry: UiRecord) => void>();
  let pending: { title: string; content: string; buttons: ModalButtons; answer: (confirmed: boolean) => void } | null = null;
  let toast: { title: string; icon: string; until: number } | null = null;
  let loading: { title: string } | null = null;

  const record = (entry: UiRecord): void => {
    records.push(entry);
    // WeChat shows one toast or loading at a time: each replaces the other.
    if (entry.kind === 'toast') {
      toast = { title: entry.title, icon: entry.icon, until: now() + TOAST_MS };
      loading = null;
    }
    if (entry.kind === 'loading') {
      loading = { title: entry.title };
      toast = null;
    }
    if (entry.kind === 'hideLoading') loading = null;
    listeners.forEach((listener) => listener(entry));
  };

  return {
    records,
    holdModals: false,
    answerModals(...next) {
      answers.push(...next);
    },
    pendingModal: () => (pending ? { title: pending.title, content: pending.content } : null),
    onScreen(): UiOnScreen {
      return {
        modal: pending ? { title: pending.title, content: pending.content, ...pending.buttons } : null,
        toast: toast && now() < toast.until ? { title: toast.title, icon: toast.icon } : null,
        loading,
      };
    },
    resolvePendingModal(answer) {
      if (!pending) return false;
      const current = pending;
      pending = null;
      current.answer(answer === 'confirm');
      return true;
    },
    record,
    onRecord(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    modal(title, content, buttons = DEFAULT_MODAL_BUTTONS) {
      const scripted = answers.shift();
      if (scripted !== undefined || !this.holdModals) {
        const confirmed = scripted !== 'cancel';
        record({ kind: 'modal', title, content, confirmed });
        return Promise.resolve(confirmed);
      }
      return new Promise<boolean>((resolve) => {
        pending = {
          title,
          content,
          buttons,
          answer: (confirmed) => {
            record({ kind: 'modal', title, content, confirmed });
            resolve(confirmed);
          },
        };
      });
    },
  };
}
