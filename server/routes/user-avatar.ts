import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { unsupportedMedia } from '../errors';
import { authed, errorResponses, ref } from '../schemas';
import { readAvatarPart } from '../uploads/avatar-part';
import { sniffImageType } from '../uploads/image-type';
import { UPLOADS_PATH } from '../uploads/store';
import { ownOrigin } from './own-origin';
import type { UserRoutesDeps } from './user';

export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

function absoluteUrl(publicUrl: string | undefined, request: FastifyRequest, pathname: string): string {
  const base = publicUrl ?? ownOrigin(request);
  return `${base.replace(/\/+$/, '')}${pathname}`;
}

/**
 * POST /api/user/avatar, with multipart parsed on this route alone: any other route answers a form upload 415,
 * like any body it does not read.
 */
export function avatarRoute(deps: Pick<UserRoutesDeps, 'accounts' | 'authenticate' | 'uploads' | 'publicUrl'>): FastifyPluginAsync {
  return async (uploads) => {
    // throwFileSizeLimit off: readAvatarPart checks the limit itself, also where the plugin's check misses it.
    await uploads.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_AVATAR_BYTES, files: 1, fields: 10, parts: 11 },
    });
    uploads.post(
      '/api/user/avatar',
      {
        onRequest: deps.authenticate.onRequest,
        schema: {
          tags: ['user'],
          ...authed,
          consumes: ['multipart/form-data'],
          response: { 200: ref('AvatarResponse'), ...errorResponses(400, 401, 413, 415) },
        },
      },
      async (request) => {
        const { user } = await deps.authenticate(request);
        const bytes = await readAvatarPart(request, MAX_AVATAR_BYTES);
        const type = sniffImageType(bytes);
        if (type === null) throw unsupportedMedia('the file is not a JPEG, PNG, WebP or GIF image');
        const name = await deps.accounts.saveUpload(user.id, bytes, type);
        // Storing the file does not change the profile: the client saves the URL together with the nickname
        // in one PATCH, so an abandoned form never leaves a new avatar beside an old nickname.
        return { avatarUrl: deps.uploads.publicUrlOf?.(name) ?? absoluteUrl(deps.publicUrl, request, `${uploads.prefix}${UPLOADS_PATH}${name}`) };
      },
    );
  };
}
