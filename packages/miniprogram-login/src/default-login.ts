/**
 * The app-wide client on the global `wx`: `configure()` once in app.js/app.ts, then `session`, `request`,
 * `upload` and `api` anywhere. Built on first use, not at import, so a test (or a simulator) can install
 * its `wx` first.
 */
import type { LoginConfig } from './config';
import type { Api } from './create-api';
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
  if (instance !== null) throw new Error('miniprogram-login: configure() must come before the first use of session, request or api');
  config = next;
}

function current(): Login {
  if (instance === null) {
    if (config === null) throw new Error('miniprogram-login: call configure({ baseUrl }) in app.js before using session, request or api');
    instance = createLogin(wx, config);
  }
  return instance;
}

/** The app-wide session (see {@link Session}). */
export const session: Session = {
  launch: () => current().session.launch(),
  ensureLogin: () => current().session.ensureLogin(),
  ensureSessionKey: () => current().session.ensureSessionKey(),
  logout: () => current().session.logout(),
  forget: () => current().session.forget(),
  getState: () => current().session.getState(),
  getToken: () => current().session.getToken(),
  getUser: () => current().session.getUser(),
  setUser: (user) => current().session.setUser(user),
  subscribe: (listener) => current().session.subscribe(listener),
};

/** A JSON call on the app-wide client. */
export function request<T>(options: RequestOptions): Promise<T> {
  return current().http.request<T>(options);
}

/** A wx.uploadFile on the app-wide client. */
export function upload<T>(options: UploadOptions): Promise<T> {
  return current().http.upload<T>(options);
}

/** The default backend's routes on the app-wide client. */
export const api: Api = {
  login: (code) => current().api.login(code),
  logout: () => current().api.logout(),
  getMe: () => current().api.getMe(),
  updateMe: (patch) => current().api.updateMe(patch),
  deleteMe: () => current().api.deleteMe(),
  uploadAvatar: (filePath) => current().api.uploadAvatar(filePath),
  bindPhone: (body) => current().api.bindPhone(body),
  clearPhone: () => current().api.clearPhone(),
  health: () => current().api.health(),
};
