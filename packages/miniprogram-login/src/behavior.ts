/**
 * The session's state in a page's (or component's) data, through a `Behavior`: it subscribes when the
 * page is attached and unsubscribes when it is detached, so pages do not hand-roll the pair.
 */
import type { Session, SessionState, SessionStatus } from './create-session';
import type { RequestErrorKind } from './errors';

/** The state as page data: plain values only, as setData needs. */
export interface LoginView<U> {
  status: SessionStatus;
  user: U | null;
  /** The last failed login, or null. */
  error: { kind: RequestErrorKind; code: string | null; statusCode: number | null; message: string } | null;
}

/** A page or component using the behavior may define this; it runs with every state, the first one included. */
export interface LoginStateHandler<U> {
  onLoginState?(state: SessionState<U>): void;
}

function loginView<U>(state: SessionState<U>): LoginView<U> {
  const { error } = state;
  return {
    status: state.status,
    user: state.user,
    error: error === null ? null : { kind: error.kind, code: error.code, statusCode: error.statusCode, message: error.message },
  };
}

type Instance = WechatMiniprogram.Component.TrivialInstance & LoginStateHandler<unknown>;

/**
 * A Behavior that keeps `data.login` ({@link LoginView}) in step with `session` and calls the page's
 * `onLoginState(state)` when it has one, from `attached` until `detached` (or the page's `onUnload`, which
 * the behavior provides unless the page defines its own). It calls WeChat's `Behavior()`: create it once.
 */
export function createLoginBehavior<U>(session: Pick<Session<U>, 'subscribe'>): string {
  const stops = new WeakMap<object, () => void>();
  function stop(instance: object): void {
    stops.get(instance)?.();
    stops.delete(instance);
  }
  return Behavior({
    data: { login: { status: 'logged-out', user: null, error: null } },
    lifetimes: {
      attached(this: Instance) {
        stops.set(
          this,
          session.subscribe((state) => {
            this.setData({ login: loginView(state) });
            this.onLoginState?.(state);
          }),
        );
      },
      detached(this: Instance) {
        stop(this);
      },
    },
    methods: {
      onUnload(this: Instance) {
        stop(this);
      },
    },
  });
}
