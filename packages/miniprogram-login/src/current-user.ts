/**
 * The signed-in user as the server has it now, for pages: `loadUser` for a page that opens (log in if
 * need be, then `GET /api/user/me`), `refreshUser` for a page coming back to the front. The profile may
 * have changed elsewhere (cleared by a WeChat revocation, another device), or the account may be gone
 * (the 401 re-login then makes a new user, whom the session adopts and the pages follow).
 */
import type { User } from './contract';
import type { Api } from './create-api';
import type { Session } from './create-session';

/** The API and session the helpers use. */
export type CurrentUserDeps = {
  api: Pick<Api, 'getMe'>;
  session: Pick<Session, 'ensureLogin' | 'getState' | 'setUser'>;
};

/** Logs in if need be, then fetches the user and hands it to the session. Rejects with the RequestError of the login or of the request. */
export async function loadUser({ api, session }: CurrentUserDeps): Promise<User> {
  await session.ensureLogin();
  const user = await api.getMe();
  session.setUser(user);
  return user;
}

/** Refreshes the user from the server, only while logged in: a logged-out user is never logged in behind their back. Never rejects. */
export async function refreshUser({ api, session }: CurrentUserDeps): Promise<void> {
  if (session.getState().status !== 'logged-in') return;
  try {
    session.setUser(await api.getMe());
  } catch {
    // The stored user stays on screen; the next show or request tries again.
  }
}
