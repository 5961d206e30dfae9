import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema';
import type { ProfileChange, UserStore } from '../db/users';
import { decryptFailed, rateLimited, unsupportedMedia } from '../errors';
import { errorResponses, ref } from '../schemas';
import { readAvatarPart } from '../uploads/avatar-part';
import type { UploadStore } from '../uploads/store';
import { sniffImageType } from '../uploads/image-type';
import type { WechatClient } from '../wechat/client';
import { decryptWechatData, readPhonePlaintext } from '../wechat/decrypt';
import type { Authenticate } from './authenticate';
import { ownOrigin } from './own-origin';
import { toUserView } from './user-view';

export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

export interface UserRoutesDeps {
  wechat: WechatClient;
  users: UserStore;
  uploads: UploadStore;
  authenticate: Authenticate;
  /** Base of absolute URLs handed out (PUBLIC_URL); absent: the address the connection reached (ownOrigin). */
  publicUrl: string | undefined;
  phoneRateLimit: { max: number; windowMs: number };
}

type BindPhoneBody = { code: string } | { encryptedData: string; iv: string };

const authed = { security: [{ bearer: [] }] };

export function userRoutes(deps: UserRoutesDeps): FastifyPluginAsync {
  async function currentUser(request: FastifyRequest): Promise<UserRow> {
    return (await deps.authenticate(request)).user;
  }

  function absoluteUrl(request: FastifyRequest, pathname: string): string {
    const base = deps.publicUrl ?? ownOrigin(request);
    return `${base.replace(/\/+$/, '')}${pathname}`;
  }

  return async (app) => {
    app.get(
      '/api/user/me',
      {
        onRequest: deps.authenticate.onRequest,
        schema: { tags: ['user'], ...authed, response: { 200: ref('User'), ...errorResponses(401) } },
      },
      async (request) => toUserView(await currentUser(request)),
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
        const user = await currentUser(request);
        return toUserView(await deps.users.updateProfile(user.id, request.body));
      },
    );

    // Multipart is parsed on this route alone: any other route answers a form upload 415, like any body
    // it does not read.
    await app.register(async (uploads) => {
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
          await currentUser(request);
          const bytes = await readAvatarPart(request, MAX_AVATAR_BYTES);
          const type = sniffImageType(bytes);
          if (type === null) throw unsupportedMedia('the file is not a JPEG, PNG, WebP or GIF image');
          const name = await deps.uploads.save(bytes, type);
          // Storing the file does not change the profile: the client saves the URL together with the nickname
          // in one PATCH, so an abandoned form never leaves a new avatar beside an old nickname.
          return { avatarUrl: absoluteUrl(request, `/uploads/${name}`) };
        },
      );
    });

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
        const user = await currentUser(request);
        const body = request.body;
        if ('code' in body) {
          const phone = await deps.wechat.getPhoneNumber(body.code);
          return toUserView(await deps.users.setPhone(user.id, phone.purePhoneNumber, phone.countryCode));
        }
        if (user.session_key === null) throw decryptFailed('no WeChat session for this user: log in again');
        const phone = readPhonePlaintext(decryptWechatData(body.encryptedData, body.iv, user.session_key, deps.wechat.appid));
        return toUserView(await deps.users.setPhone(user.id, phone.purePhoneNumber, phone.countryCode));
      },
    );
  };
}
