/**
 * The session's state as pages see it, and the listeners that see it: kept apart from the login flow so that
 * what a subscriber can break (throwing) stays here.
 */
import type { RequestError } from './errors';
import type { User } from './contract';

/** Where the session is. */
export type SessionStatus = 'logged-out' | 'logging-in' | 'logged-in';

/** What subscribers see: the status, the user, and the error of the last failed login (null after a success). */
export interface SessionState<U = User> {
  status: SessionStatus;
  user: U | null;
  error: RequestError | null;
}

/** The state now, a way to change it that tells every listener, and the subscription. */
export interface StatePublisher<U> {
  get(): SessionState<U>;
  publish(status: SessionStatus, user: U | null, error?: RequestError | null): void;
  /** The listener runs once now and after every change; the returned function unsubscribes. */
  subscribe(listener: (state: SessionState<U>) => void): () => void;
}

export function createStatePublisher<U>(initial: SessionState<U>): StatePublisher<U> {
  const listeners = new Set<(state: SessionState<U>) => void>();
  let state = initial;
  return {
    get: () => state,
    publish(status, user, error = null) {
      state = { status, user, error };
      for (const listener of Array.from(listeners)) {
        try {
          listener(state);
        } catch {
          // One broken page listener must not stop the others or the login flow that notified it.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
