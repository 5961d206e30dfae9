/**
 * The app-wide client on the global `wx`: `configure()` once in app.js/app.ts, then `session`, `request`,
 * `upload` anywhere. Built on first use, not at import, so a test (or a simulator) can install
 * its `wx` first.
 */
import type { LoginConfig } from './config';
import type { RequestOptions, UploadOptions } from './create-http';
import type { Session } from './create-session';
import { createLogin, type Login } from './create-login';

let config: LoginConfig | null = null;
let instance: Login | null = null;

/**
 * Sets the app-wide client's backend; call it once, before the first request (in app.js, above `App()`).
 * Throws when the client is already in use, since its session would then belong to another backend.
 */
export function configure(next: LoginConfig): void {
  if (instance !== null) throw new Error('miniprogram-login: configure() comes before the first request');
  config = next;
}

function current(): Login {
  if (instance === null) {
    if (config === null) throw new Error('miniprogram-login: call configure({ baseUrl }) in app.js first');
    instance = createLogin(wx, config);
  }
  return instance;
}

type Methods = Record<string, (...args: unknown[]) => unknown>;

/** An object whose every method (the keys of `names`) calls the same method of `pick(app-wide client)`. */
function forward<T extends object>(pick: (login: Login) => T, names: Record<keyof T, 0>): T {
  const forwarded: Methods = {};
  for (const name of Object.keys(names)) forwarded[name] = (...args) => (pick(current()) as unknown as Methods)[name](...args);
  return forwarded as unknown as T;
}

/** The app-wide session (see {@link Session}). */
export const session = forward<Session>((login) => login.session, {
  launch: 0,
  ensureLogin: 0,
  ensureSessionKey: 0,
  logout: 0,
  forget: 0,
  getState: 0,
  getToken: 0,
  getUser: 0,
  setUser: 0,
  subscribe: 0,
});

/** A JSON call on the app-wide client. */
export function request<T>(options: RequestOptions): Promise<T> {
  return current().http.request<T>(options);
}

/** A wx.uploadFile on the app-wide client. */
export function upload<T>(options: UploadOptions): Promise<T> {
  return current().http.upload<T>(options);
}
