import type { FastifyPluginAsync } from 'fastify';
import type { WechatApps } from '../apps';
import type { RecordLogin } from '../db/login';
import type { TokenStore } from '../db/tokens';
import { rateLimited } from '../errors';
import { errorResponses, ref } from '../schemas';
import type { Authenticate } from './authenticate';
import { toUserView } from './user-view';

export interface AuthRoutesDeps {
  apps: WechatApps;
  recordLogin: RecordLogin;
  tokens: TokenStore;
  authenticate: Authenticate;
  loginRateLimit: { max: number; windowMs: number };
}

export function authRoutes(deps: AuthRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { code: string; appid?: string } }>(
      '/api/auth/login',
      {
        config: {
          rateLimit: {
            max: deps.loginRateLimit.max,
            timeWindow: deps.loginRateLimit.windowMs,
            errorResponseBuilder: (_request, context) =>
              rateLimited(`too many login attempts from this address; retry in ${context.after}`),
          },
        },
        schema: {
          tags: ['auth'],
          summary: 'Exchange a wx.login code for a token',
          body: ref('LoginRequest'),
          response: { 200: ref('LoginResponse'), ...errorResponses(400, 403, 413, 415, 429, 502, 503) },
        },
      },
      async (request) => {
        const app = deps.apps.forLogin(request.body.appid);
        const session = await app.code2Session(request.body.code);
        const { user, isNew, token, expiresAt } = await deps.recordLogin({ ...session, appid: app.appid });
        return { token, expiresAt, user: toUserView(user), isNew };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        onRequest: deps.authenticate.onRequest,
        schema: {
          tags: ['auth'],
          summary: 'Revoke the token at once',
          security: [{ bearer: [] }],
          response: { 204: { description: 'revoked', type: 'null' }, ...errorResponses(401) },
        },
      },
      async (request, reply) => {
        const owner = await deps.authenticate(request);
        await deps.tokens.revoke(owner.tokenId);
        return reply.code(204).send();
      },
    );
  };
}
