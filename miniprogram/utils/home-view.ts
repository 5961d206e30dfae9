/** The home page's state, derived from the session alone. */
import { describeError } from '../core/errors';
import type { SessionState } from '../core/session';
import { userView, type UserView } from './user-view';

export type HomeStatus = 'logging-in' | 'logged-in' | 'logged-out' | 'error';

export interface HomeView extends UserView {
  status: HomeStatus;
  errorText: string;
}

export function homeView(state: SessionState): HomeView {
  if (state.status === 'logged-in') return { ...userView(state.user), status: 'logged-in', errorText: '' };
  const base = userView(null);
  if (state.status === 'logging-in') return { ...base, status: 'logging-in', errorText: '' };
  if (state.error !== null) return { ...base, status: 'error', errorText: describeError(state.error) };
  return { ...base, status: 'logged-out', errorText: '' };
}
