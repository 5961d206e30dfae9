/**
 * Brings the session's user up to date from `GET /api/user/me`, for pages coming to the front: the profile
 * may have changed elsewhere (cleared by a WeChat revocation, another device), or the account may be gone
 * (the 401 re-login then makes a new user, whom the session adopts and the pages follow).
 */
import type { Api } from './create-api';
import type { Session } from './create-session';

export type RefreshDeps = { api: Pick<Api, 'getMe'>; session: Pick<Session, 'getState' | 'setUser'> };

/** Only while logged in: a logged-out user is never logged in behind their back. Never rejects. */
export async function refreshUser({ api, session }: RefreshDeps): Promise<void> {
  if (session.getState().status !== 'logged-in') return;
  try {
    session.setUser(await api.getMe());
  } catch {
    // The stored user stays on screen; the next show or request tries again.
  }
}
