import type { Ui, UiRecord } from '../types';

export interface UiController extends Ui {
  /** Records a modal and resolves with the user's answer (scripted, held, or confirm). */
  modal(title: string, content: string): Promise<boolean>;
  record(entry: UiRecord): void;
  onRecord(listener: (entry: UiRecord) => void): () => void;
}

export function createUi(): UiController {
  const records: UiRecord[] = [];
  const answers: Array<'confirm' | 'cancel'> = [];
  const listeners = new Set<(entry: UiRecord) => void>();
  let pending: { title: string; content: string; answer: (confirmed: boolean) => void } | null = null;

  const record = (entry: UiRecord): void => {
    records.push(entry);
    listeners.forEach((listener) => listener(entry));
  };

  return {
    records,
    holdModals: false,
    answerModals(...next) {
      answers.push(...next);
    },
    pendingModal: () => (pending ? { title: pending.title, content: pending.content } : null),
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
    modal(title, content) {
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
          answer: (confirmed) => {
            record({ kind: 'modal', title, content, confirmed });
            resolve(confirmed);
          },
        };
      });
    },
  };
}
