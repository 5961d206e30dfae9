/** The contract's routes as typed calls (docs/contract.md). */
import type {
  AvatarResponse,
  BindPhoneRequest,
  HealthResponse,
  LoginResponse,
  UpdateMeRequest,
  User,
} from '../../typings/contract';
import { LOGIN_PATH, LOGOUT_PATH, parseLoginResponse } from './auth-client';
import type { Http } from './create-http';

export interface Api {
  login(code: string): Promise<LoginResponse>;
  logout(): Promise<void>;
  getMe(): Promise<User>;
  updateMe(patch: UpdateMeRequest): Promise<User>;
  uploadAvatar(filePath: string): Promise<AvatarResponse>;
  bindPhone(body: BindPhoneRequest): Promise<User>;
  health(): Promise<HealthResponse>;
}

/** Uploads take longer than JSON calls; matches app.json `networkTimeout.uploadFile`. */
export const AVATAR_UPLOAD_TIMEOUT_MS = 30000;

export function createApi(http: Http): Api {
  return {
    login: async (code) =>
      parseLoginResponse(await http.request<unknown>({ path: LOGIN_PATH, method: 'POST', data: { code }, auth: false })),
    logout: async () => {
      await http.request<unknown>({ path: LOGOUT_PATH, method: 'POST' });
    },
    getMe: () => http.request<User>({ path: '/api/user/me' }),
    updateMe: (patch) => http.request<User>({ path: '/api/user/me', method: 'PATCH', data: patch }),
    uploadAvatar: (filePath) =>
      http.upload<AvatarResponse>({ path: '/api/user/avatar', filePath, name: 'file', timeout: AVATAR_UPLOAD_TIMEOUT_MS }),
    bindPhone: (body) => http.request<User>({ path: '/api/user/phone', method: 'POST', data: body }),
    health: () => http.request<HealthResponse>({ path: '/api/health', auth: false }),
  };
}
