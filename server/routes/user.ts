import type { FastifyPluginAsync } from 'fastify';
import type { Accounts } from '../accounts';
import type { WechatApps } from '../apps';
import type { UserStore } from '../db/users';
import type { UploadStore } from '../uploads/store';
import type { Authenticate } from './authenticate';
import { avatarRoute } from './user-avatar';
import { phoneRoutes } from './user-phone';
import { profileRoutes } from './user-profile';

export { MAX_AVATAR_BYTES } from './user-avatar';

export interface UserRoutesDeps {
  apps: WechatApps;
  users: UserStore;
  accounts: Accounts;
  /** Its publicUrlOf, when present, is where clients fetch an avatar (an object store); else this server. */
  uploads: Pick<UploadStore, 'publicUrlOf'>;
  authenticate: Authenticate;
  /** Base of absolute URLs handed out (PUBLIC_URL); absent: the address the connection reached (ownOrigin). */
  publicUrl: string | undefined;
  phoneRateLimit: { max: number; windowMs: number };
}

/** The signed-in user's routes: the profile, the avatar upload and the phone number. */
export function userRoutes(deps: UserRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(profileRoutes(deps));
    await app.register(avatarRoute(deps));
    await app.register(phoneRoutes(deps));
  };
}
