import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Accounts } from '../accounts';
import type { WechatApps } from '../apps';
import type { ProfileChange } from '../db/accounts';
import type { IdentityRow, UserViewRow } from '../db/schema';
import type { UserStore } from '../db/users';
import { decryptFailed, rateLimited, unauthorized, unsupportedMedia } from '../errors';
import { errorResponses, ref } from '../schemas';
import { readAvatarPart } from '../uploads/avatar-part';
import { UPLOADS_PATH, type UploadStore } from '../uploads/store';
import { sniffImageType } from '../uploads/image-type';
import type { WechatClient } from '../wechat/client';
import { decryptWechatData, readPhonePlaintext } from '../wechat/decrypt';
import type { Authenticate } from './authenticate';
import { ownOrigin } from './own-origin';
import { toUserView } from './user-view';

export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

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

type BindPhoneBody = { code: string } | { encryptedData: string; iv: string };

const authed = { security: [{ bearer: [] }] };

export function userRoutes(deps: UserRoutesDeps): FastifyPluginAsync {
  async function currentUser(request: FastifyRequest): Promise<UserViewRow> {
    return (await deps.authenticate(request)).user;
  }

  /** The user's login this token came from: its mini-program and session_key. */
  async function currentLogin(request: FastifyRequest): Promise<{ user: UserViewRow; identity: IdentityRow; wechat: WechatClient }> {
    const { user, identityId } = await deps.authenticate(request);
    const identity = await deps.users.findIdentity(identityId);
    if (identity === undefined) throw unauthorized('the token belongs to no login');
    const wechat = deps.apps.get(identity.appid);
    if (wechat === undefined) throw unauthorized(`this server no longer serves the mini-program "${identity.appid}": log in again`);
    return { user, identity, wechat };
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
        const user = await currentUser(request);
        await deps.accounts.deleteAccount(user.id);
        return reply.code(204).send();
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
          const user = await currentUser(request);
          const bytes = await readAvatarPart(request, MAX_AVATAR_BYTES);
          const type = sniffImageType(bytes);
          if (type === null) throw unsupportedMedia('the file is not a JPEG, PNG, WebP or GIF image');
          const name = await deps.accounts.saveUpload(user.id, bytes, type);
          // Storing the file does not change the profile: the client saves the URL together with the nickname
          // in one PATCH, so an abandoned form never leaves a new avatar beside an old nickname.
          return { avatarUrl: deps.uploads.publicUrlOf?.(name) ?? absoluteUrl(request, `${uploads.prefix}${UPLOADS_PATH}${name}`) };
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
        const { user, identity, wechat } = await currentLogin(request);
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
      async (request) => toUserView(await deps.accounts.clearPhone((await currentUser(request)).id)),
    );
  };
}
