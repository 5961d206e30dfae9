import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { IdentityRow, UserViewRow } from '../db/schema';
import { decryptFailed, rateLimited, unauthorized } from '../errors';
import { authed, errorResponses, ref } from '../schemas';
import type { WechatClient } from '../wechat/client';
import { decryptWechatData, readPhonePlaintext } from '../wechat/decrypt';
import type { UserRoutesDeps } from './user';
import { toUserView } from './user-view';

type BindPhoneBody = { code: string } | { encryptedData: string; iv: string };

type PhoneDeps = Pick<UserRoutesDeps, 'apps' | 'users' | 'accounts' | 'authenticate' | 'phoneRateLimit'>;

/** The user's login this token came from: its mini-program and session_key. */
async function currentLogin(deps: PhoneDeps, request: FastifyRequest): Promise<{ user: UserViewRow; identity: IdentityRow; wechat: WechatClient }> {
  const { user, identityId } = await deps.authenticate(request);
  const identity = await deps.users.findIdentity(identityId);
  if (identity === undefined) throw unauthorized('the token belongs to no login');
  const wechat = deps.apps.get(identity.appid);
  if (wechat === undefined) throw unauthorized(`this server no longer serves the mini-program "${identity.appid}": log in again`);
  return { user, identity, wechat };
}

/** /api/user/phone: bind the number WeChat vouches for (a phone code or the legacy encrypted data), or clear it. */
export function phoneRoutes(deps: PhoneDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: BindPhoneBody }>(
      '/api/user/phone',
      {
        onRequest: deps.authenticate.onRequest,
        config: {
          // Per user, counted after the token check and the schema (preHandler): only real tries spend quota.
          rateLimit: {
            hook: 'preHandler',
            max: deps.phoneRateLimit.max,
            timeWindow: deps.phoneRateLimit.windowMs,
            keyGenerator: async (request) => `phone:${(await deps.authenticate(request)).userId}`,
            errorResponseBuilder: (_request, context) => rateLimited(`too many phone number tries for this user; retry in ${context.after}`),
          },
        },
        schema: {
          tags: ['user'],
          ...authed,
          body: ref('BindPhoneRequest'),
          response: { 200: ref('User'), ...errorResponses(400, 401, 403, 413, 415, 429, 502, 503) },
        },
      },
      async (request) => {
        const { user, identity, wechat } = await currentLogin(deps, request);
        const body = request.body;
        if ('code' in body) {
          const phone = await wechat.getPhoneNumber(body.code);
          return toUserView(await deps.users.setPhone(user.id, phone.purePhoneNumber, phone.countryCode));
        }
        if (identity.session_key === null) throw decryptFailed('no WeChat session for this user: log in again');
        const phone = readPhonePlaintext(decryptWechatData(body.encryptedData, body.iv, identity.session_key, wechat.appid));
        return toUserView(await deps.users.setPhone(user.id, phone.purePhoneNumber, phone.countryCode));
      },
    );

    app.delete(
      '/api/user/phone',
      {
        onRequest: deps.authenticate.onRequest,
        schema: { tags: ['user'], summary: 'Clear the bound phone number', ...authed, response: { 200: ref('User'), ...errorResponses(401) } },
      },
      async (request) => toUserView(await deps.accounts.clearPhone((await deps.authenticate(request)).user.id)),
    );
  };
}
