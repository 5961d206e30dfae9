/** The session's public face: its types, its factory, and the app-wide instance. */
import type { User } from '../../typings/contract';
import type { Session, SessionState } from './create-session';
import { services } from './services';

export { createSession, EXPIRY_MARGIN_MS, LOGOUT_TIMEOUT_MS } from './create-session';
export type { Session, SessionDeps, SessionState, SessionStatus, SessionWithTokens, SessionWx } from './create-session';

/** The app-wide session on the global `wx`; created on first use. */
export const session: Session = {
  launch: () => services().session.launch(),
  ensureLogin: () => services().session.ensureLogin(),
  ensureSessionKey: () => services().session.ensureSessionKey(),
  logout: () => services().session.logout(),
  forget: () => services().session.forget(),
  getState: (): SessionState => services().session.getState(),
  getToken: () => services().session.getToken(),
  getUser: (): User | null => services().session.getUser(),
  setUser: (user) => services().session.setUser(user),
  subscribe: (listener) => services().session.subscribe(listener),
};
