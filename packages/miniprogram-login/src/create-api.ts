/** The default backend's routes as typed calls (this project's contract); other backends use `http` directly. */
import type { AvatarResponse, BindPhoneRequest, HealthResponse, LoginResponse, UpdateMeRequest, User } from './contract';
import { contractLoginBody, parseLoginResponse } from './contract-read';
import type { Http } from './create-http';

/** One call per route of the default backend. */
export interface Api {
  login(code: string): Promise<LoginResponse>;
  logout(): Promise<void>;
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
export const AVATAR_UPLOAD_TIMEOUT_MS = 30000;

const LOGIN_PATH = '/api/auth/login';
const LOGOUT_PATH = '/api/auth/logout';
const ME_PATH = '/api/user/me';
const PHONE_PATH = '/api/user/phone';

/** The default backend's routes on `http`; `appId` goes with the login code when known. */
export function createApi(http: Http, appId: string | null = null): Api {
  return {
    login: async (code) =>
      parseLoginResponse(await http.request<unknown>({ path: LOGIN_PATH, method: 'POST', data: contractLoginBody(code, appId), auth: false })),
    logout: async () => {
      await http.request<unknown>({ path: LOGOUT_PATH, method: 'POST' });
    },
    getMe: () => http.request<User>({ path: ME_PATH }),
    updateMe: (patch) => http.request<User>({ path: ME_PATH, method: 'PATCH', data: patch }),
    deleteMe: async () => {
      await http.request<unknown>({ path: ME_PATH, method: 'DELETE' });
    },
    uploadAvatar: (filePath) =>
      http.upload<AvatarResponse>({ path: '/api/user/avatar', filePath, name: 'file', timeout: AVATAR_UPLOAD_TIMEOUT_MS }),
    bindPhone: (body) => http.request<User>({ path: PHONE_PATH, method: 'POST', data: body }),
    clearPhone: () => http.request<User>({ path: PHONE_PATH, method: 'DELETE' }),
    health: () => http.request<HealthResponse>({ path: '/api/health', auth: false }),
  };
}
