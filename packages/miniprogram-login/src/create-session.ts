/**
 * The login session: who the user is and the token that proves it, kept in storage across launches.
 *
 * Every path that needs a login (launch, a request without a token, a 401, a stale session_key) goes
 * through one flight: while one is under way, everyone else waits for it, so N callers cause exactly one
 * wx.login and one POST /api/auth/login. A failed flight rejects its waiters and is forgotten, so the
 * next caller tries again; nothing retries on its own, so nothing loops.
 */
import type { AuthClient } from './auth-client';
import type { User } from './contract';
import { noop, settleWithin, type Clock } from './clock';
import { RequestError } from './errors';
import type { TokenSource } from './create-http';
import { createSessionStore, toStoredSession, type SessionStorage, type StoredSession } from './session-store';
import { createStatePublisher, type SessionState } from './session-state';
import { createSingleFlight } from './single-flight';
import { sessionKeyValid, wechatCode, type SessionWx } from './wechat-login';

export type { SessionState, SessionStatus } from './session-state';
export type { SessionWx } from './wechat-login';

/** The login session. */
export interface Session<U = User> {
  /** For App.onLaunch: restores the stored session or logs in silently. Never rejects; see state.error. */
  launch(): Promise<void>;
  /** Resolves when there is a valid token; one login at a time however many callers. */
  ensureLogin(): Promise<void>;
  /** Makes sure WeChat's session_key is current (legacy encryptedData phone flow); call before the tap. */
  ensureSessionKey(): Promise<void>;
  /** Forgets the session at once, tells the server on a best-effort basis (bounded wait). Never rejects. */
  logout(): Promise<void>;
  /**
   * The server already ended this session (the account was deleted): forget it here, without a call and
   * without a silent login afterwards; the next login is the user's own choice.
   */
  forget(): void;
  /** The state now. */
  getState(): SessionState<U>;
  /** The current token, or null. */
  getToken(): string | null;
  /** The current user, or null. */
  getUser(): U | null;
  /** After the profile or phone number changed on the server: persist and notify. Ignored when logged out. */
  setUser(user: U): void;
  /** The listener runs once now and after every change; the returned function unsubscribes. */
  subscribe(listener: (state: SessionState<U>) => void): () => void;
}

/** What createSession is built from. */
export interface SessionDeps<U> {
  wx: SessionWx;
  storage: SessionStorage;
  auth: AuthClient<U>;
  /** Checks the user of every login and of the stored session on a warm launch. */
  isUser: (value: unknown) => value is U;
  clock: Clock;
  /** A token this close to its expiry counts as expired; default 5 minutes. */
  expiryMarginMs?: number;
  /** The longest logout waits for the server; default 3000 ms. */
  logoutTimeoutMs?: number;
  storageKey?: string;
}

/** The session together with what the HTTP client needs of it. */
export type SessionWithTokens<U = User> = Session<U> & TokenSource;

/** A session over `deps`; reads the stored session at once. */
export function createSession<U>({
  wx,
  storage,
  auth,
  isUser,
  clock,
  expiryMarginMs = 5 * 60 * 1000,
  logoutTimeoutMs = 3000,
  storageKey,
}: SessionDeps<U>): SessionWithTokens<U> {
  const store = createSessionStore(storage, isUser, storageKey);
  const { current: flightUnderWay, join: joinFlight, abandon: abandonFlight } = createSingleFlight();

  function isFresh(candidate: StoredSession<U> | null): candidate is StoredSession<U> {
    return candidate !== null && clock.now() < candidate.expiresAt - expiryMarginMs;
  }

  // Read once at creation, so a call that comes before launch() still finds the stored session.
  const saved = store.read();
  let current: StoredSession<U> | null = isFresh(saved) ? saved : null;
  const { get: getState, publish, subscribe } = createStatePublisher<U>({ status: current === null ? 'logged-out' : 'logged-in', user: current && current.user, error: null });
  let launched: Promise<void> | null = null;
  // Bumped by logout, so a login that was already under way cannot bring the session back.
  let epoch = 0;
  // Tokens the user ended; a late 401 for one of them must not start a login the user did not ask for.
  const loggedOutTokens = new Set<string>();

  function hasValidToken(): boolean {
    return isFresh(current);
  }

  function save(session: StoredSession<U>): void {
    current = session;
    store.write(session);
  }

  function drop(): void {
    current = null;
    store.clear();
    publish('logged-out', null);
  }

  function freshLogin(): Promise<void> {
    const startedIn = epoch;
    publish('logging-in', getState().user);
    return wechatCode(wx)
      .then((code) => auth.login(code))
      .then((result) => {
        const login = toStoredSession(result, isUser);
        if (login === null) throw new RequestError('parse', 'login answer does not fit the configuration');
        if (epoch !== startedIn) return;
        save(login);
        publish('logged-in', login.user);
      })
      .catch((error: unknown) => {
        const failure = error instanceof RequestError ? error : new RequestError('network', error instanceof Error ? error.message : String(error));
        if (epoch === startedIn) {
          // A still-valid token survives a failed refresh (e.g. offline launch with a stale session_key).
          const keep = hasValidToken();
          publish(keep ? 'logged-in' : 'logged-out', keep ? getState().user : null, failure);
        }
        throw failure;
      });
  }

  function requireToken(): void {
    if (!hasValidToken()) throw new RequestError('unauthorized', 'logged out while logging in');
  }

  function restore(): Promise<void> {
    if (!hasValidToken()) {
      current = null;
      return freshLogin();
    }
    return sessionKeyValid(wx).then((valid) =>
      valid
        ? undefined
        : freshLogin().catch((error: unknown) => {
            if (!hasValidToken()) throw error;
          }),
    );
  }

  function relogin(): Promise<void> {
    return joinFlight(freshLogin).then(requireToken);
  }

  /** Ends the session on this device; returns the token it held, for the server to revoke. */
  function endLocally(): string | null {
    epoch += 1;
    // A login still under way is abandoned (see epoch); the next ensureLogin must not join it.
    abandonFlight();
    const token = current && current.token;
    if (token !== null) loggedOutTokens.add(token);
    drop();
    return token;
  }

  return {
    launch() {
      // A login some caller started before launch already does launch's job.
      if (launched === null) launched = joinFlight(restore).catch(noop);
      return launched;
    },

    ensureLogin() {
      return flightUnderWay() === null && hasValidToken() ? Promise.resolve() : relogin();
    },

    ensureSessionKey() {
      const check = (): Promise<void> => (hasValidToken() ? sessionKeyValid(wx).then((valid) => (valid ? undefined : relogin())) : relogin());
      const flight = flightUnderWay();
      return flight === null ? check() : flight.catch(noop).then(check);
    },

    logout() {
      const token = endLocally();
      if (token === null) return Promise.resolve();
      return settleWithin(clock, logoutTimeoutMs, () => auth.logout(token, logoutTimeoutMs));
    },

    forget() {
      endLocally();
    },

    getState,
    getToken: () => current && current.token,
    getUser: () => getState().user,

    setUser(user) {
      // An answer that lands after a logout (or a dropped token) belongs to no session any more.
      if (current === null) return;
      save({ token: current.token, expiresAt: current.expiresAt, user });
      const now = getState();
      publish(now.status, user, now.error);
    },

    subscribe,

    invalidate(token) {
      if (loggedOutTokens.has(token)) return false;
      if (current !== null && current.token === token) drop();
      return true;
    },
  };
}
