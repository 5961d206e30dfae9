import type { FastifyPluginAsync } from 'fastify';
import type { ProfileChange } from '../db/accounts';
import { authed, errorResponses, ref } from '../schemas';
import type { UserRoutesDeps } from './user';
import { toUserView } from './user-view';

/** /api/user/me: read the profile, change it, delete the account. */
export function profileRoutes(deps: Pick<UserRoutesDeps, 'accounts' | 'authenticate'>): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/user/me',
      {
        onRequest: deps.authenticate.onRequest,
        schema: { tags: ['user'], ...authed, response: { 200: ref('User'), ...errorResponses(401) } },
      },
      async (request) => toUserView((await deps.authenticate(request)).user),
    );

    app.patch<{ Body: ProfileChange }>(
      '/api/user/me',
      {
        onRequest: deps.authenticate.onRequest,
        schema: {
          tags: ['user'],
          ...authed,
          body: ref('UpdateMeRequest'),
          response: { 200: ref('User'), ...errorResponses(400, 401, 413, 415) },
        },
      },
      async (request) => {
        const { user } = await deps.authenticate(request);
        return toUserView(await deps.accounts.updateProfile(user.id, request.body));
      },
    );

    app.delete(
      '/api/user/me',
      {
        onRequest: deps.authenticate.onRequest,
        schema: {
          tags: ['user'],
          summary: 'Delete the account: the user, every token (all devices) and the stored avatars',
          ...authed,
          response: { 204: { description: 'deleted', type: 'null' }, ...errorResponses(401) },
        },
      },
      async (request, reply) => {
        const { user } = await deps.authenticate(request);
        await deps.accounts.deleteAccount(user.id);
        return reply.code(204).send();
      },
    );
  };
}
