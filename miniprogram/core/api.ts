/** The contract's routes on the app-wide HTTP client. */
import type { Api } from './create-api';
import { services } from './services';

export { createApi, AVATAR_UPLOAD_TIMEOUT_MS } from './create-api';
export type { Api } from './create-api';

export const api: Api = {
  login: (code) => services().api.login(code),
  logout: () => services().api.logout(),
  getMe: () => services().api.getMe(),
  updateMe: (patch) => services().api.updateMe(patch),
  deleteMe: () => services().api.deleteMe(),
  uploadAvatar: (filePath) => services().api.uploadAvatar(filePath),
  bindPhone: (body) => services().api.bindPhone(body),
  clearPhone: () => services().api.clearPhone(),
  health: () => services().api.health(),
};
