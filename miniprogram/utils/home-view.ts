/** The home page's state, derived from the session and how often the user has retried. */
import { describeError, errorTitle, isServerTrouble } from 'miniprogram-login/messages';
import type { SessionState } from 'miniprogram-login';
import { userView, type UserView } from './user-view';

export type HomeStatus = 'logging-in' | 'logged-in' | 'logged-out' | 'error';

export interface HomeView extends UserView {
  status: HomeStatus;
  errorTitle: string;
  errorText: string;
  /** After a retry failed the same way: what to expect, so 重试 does not answer with the same words. */
  errorHint: string;
}

const NO_ERROR = { errorTitle: '', errorText: '', errorHint: '' };

function retryHint(error: unknown, failedRetries: number): string {
  if (failedRetries < 1) return '';
  if (isServerTrouble(error)) return `已重试 ${failedRetries} 次仍未连上。服务可能正在维护，请过几分钟再试。`;
  return `已重试 ${failedRetries} 次仍未成功，请稍后再试。`;
}

/** `failedRetries`: retries the user made since the last success that failed again. */
export function homeView(state: SessionState, failedRetries = 0): HomeView {
  if (state.status === 'logged-in') return { ...userView(state.user), status: 'logged-in', ...NO_ERROR };
  const base = userView(null);
  if (state.status === 'logging-in') return { ...base, status: 'logging-in', ...NO_ERROR };
  if (state.error !== null) {
    return {
      ...base,
      status: 'error',
      errorTitle: errorTitle(state.error),
      errorText: describeError(state.error),
      errorHint: retryHint(state.error, failedRetries),
    };
  }
  return { ...base, status: 'logged-out', ...NO_ERROR };
}
