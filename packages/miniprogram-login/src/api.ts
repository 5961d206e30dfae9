/**
 * `require('miniprogram-login/api')`: this project's contract (its companion server, docs/contract.md) as
 * typed calls, and the page helpers built on them. An optional entry beside the core: a mini-program on
 * another backend calls its routes with `request`/`upload` and does not download this one.
 */
import { request, upload, type Http, type Session } from './index';
import type { AvatarResponse, BindPhoneRequest, HealthResponse, UpdateMeRequest, User } from './contract';
import type { HttpMethod, RequestBody } from './transport';

/** One call per route of the default backend; login and logout are the session's. */
export interface Api {
  getMe(): Promise<User>;
  /** A field set to null is cleared. */
  updateMe(patch: UpdateMeRequest): Promise<User>;
  /** Deletes the account for good (204): every token of the user stops working at once. */
  deleteMe(): Promise<void>;
  uploadAvatar(filePath: string): Promise<AvatarResponse>;
  bindPhone(body: BindPhoneRequest): Promise<User>;
  clearPhone(): Promise<User>;
  health(): Promise<HealthResponse>;
}

/** Uploads take longer than JSON calls; matches app.json `networkTimeout.uploadFile`. */
const AVATAR_UPLOAD_TIMEOUT_MS = 30000;

const ME_PATH = '/api/user/me';
const PHONE_PATH = '/api/user/phone';

/** The default backend's routes on `http` (a `createLogin()` client's, or the app-wide `{ request, upload }`). */
export function createApi(http: Http): Api {
  const call = <T>(path: string, method?: HttpMethod, data?: RequestBody): Promise<T> => http.request<T>({ path, method, data });
  return {
    getMe: () => call(ME_PATH),
    updateMe: (patch) => call(ME_PATH, 'PATCH', patch),
    deleteMe: () => call<unknown>(ME_PATH, 'DELETE').then(() => undefined),
    uploadAvatar: (filePath) => http.upload({ path: '/api/user/avatar', filePath, name: 'file', timeout: AVATAR_UPLOAD_TIMEOUT_MS }),
    bindPhone: (body) => call(PHONE_PATH, 'POST', body),
    clearPhone: () => call(PHONE_PATH, 'DELETE'),
    health: () => http.request({ path: '/api/health', auth: false }),
  };
}

/** The default backend's routes on the app-wide client. */
export const api: Api = createApi({ request, upload });

/** The API and session the page helpers use. */
export type CurrentUserDeps = {
  api: Pick<Api, 'getMe'>;
  session: Pick<Session, 'ensureLogin' | 'getState' | 'setUser'>;
};

/**
 * For a page that opens: logs in if need be, then fetches the user (`GET /api/user/me`) and hands it to
 * the session. Rejects with the RequestError of the login or of the request.
 */
export function loadUser({ api: routes, session }: CurrentUserDeps): Promise<User> {
  return session
    .ensureLogin()
    .then(() => routes.getMe())
    .then((user) => {
      session.setUser(user);
      return user;
    });
}

/**
 * For a page coming back to the front: the profile may have changed elsewhere (cleared by a WeChat
 * revocation, another device), or the account may be gone (the 401 re-login then makes a new user, whom
 * the session adopts and the pages follow). Only while logged in: a logged-out user is never logged in
 * behind their back. Never rejects; on failure the stored user stays on screen.
 */
export function refreshUser({ api: routes, session }: CurrentUserDeps): Promise<void> {
  if (session.getState().status !== 'logged-in') return Promise.resolve();
  return routes.getMe().then(
    (user) => session.setUser(user),
    () => undefined,
  );
}
