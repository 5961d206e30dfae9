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

/** What is on screen and what the test has scripted; one per device. */
interface UiState {
  now: () => number;
  records: UiRecord[];
  answers: Array<'confirm' | 'cancel'>;
  listeners: Set<(entry: UiRecord) => void>;
  pending: { title: string; content: string; buttons: ModalButtons; answer: (confirmed: boolean) => void } | null;
  toast: { title: string; icon: string; until: number } | null;
  loading: { title: string } | null;
}

function record(state: UiState, entry: UiRecord): void {
  state.records.push(entry);
  // WeChat shows one toast or loading at a time: each replaces the other.
  if (entry.kind === 'toast') {
    state.toast = { title: entry.title, icon: entry.icon, until: state.now() + TOAST_MS };
    state.loading = null;
  }
  if (entry.kind === 'loading') {
    state.loading = { title: entry.title };
    state.toast = null;
  }
  if (entry.kind === 'hideLoading') state.loading = null;
  state.listeners.forEach((listener) => listener(entry));
}

/** A scripted answer first; else confirm at once, unless the test holds modals for a person to answer. */
function modal(state: UiState, hold: boolean, title: string, content: string, buttons: ModalButtons): Promise<boolean> {
  const scripted = state.answers.shift();
  if (scripted !== undefined || !hold) {
    const confirmed = scripted !== 'cancel';
    record(state, { kind: 'modal', title, content, confirmed });
    return Promise.resolve(confirmed);
  }
  return new Promise<boolean>((resolve) => {
    state.pending = {
      title,
      content,
      buttons,
      answer: (confirmed) => {
        record(state, { kind: 'modal', title, content, confirmed });
        resolve(confirmed);
      },
    };
  });
}

function onScreen({ pending, toast, loading, now }: UiState): UiOnScreen {
  return {
    modal: pending ? { title: pending.title, content: pending.content, ...pending.buttons } : null,
    toast: toast && now() < toast.until ? { title: toast.title, icon: toast.icon } : null,
    loading,
  };
}

export function createUi(now: () => number = Date.now): UiController {
  const state: UiState = { now, records: [], answers: [], listeners: new Set(), pending: null, toast: null, loading: null };
  return {
    records: state.records,
    holdModals: false,
    answerModals(...next) {
      state.answers.push(...next);
    },
    pendingModal: () => (state.pending ? { title: state.pending.title, content: state.pending.content } : null),
    onScreen: () => onScreen(state),
    resolvePendingModal(answer) {
      const current = state.pending;
      if (!current) return false;
      state.pending = null;
      current.answer(answer === 'confirm');
      return true;
    },
    record: (entry) => record(state, entry),
    onRecord(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
    modal(title, content, buttons = DEFAULT_MODAL_BUTTONS) {
      return modal(state, this.holdModals, title, content, buttons);
    },
  };
}
