import type { FastifyPluginAsync } from 'fastify';
import { ApiError, invalidInput } from '../errors';
import type { PushRequest, PushSender } from './push';
import { hidden, openidField } from './schemas';
import { WECHAT_PATHS, type EmulatorState, type WechatPath } from './state';

const phoneFields = {
  openid: openidField,
  phoneNumber: { type: 'string', pattern: '^[0-9]{5,20}$' },
  countryCode: { type: 'string', pattern: '^[0-9]{1,4}$' },
} as const;
const phoneBody = { type: 'object', additionalProperties: false, required: ['openid', 'phoneNumber'], properties: phoneFields } as const;

/** What the WeChat app would hand the mini-program: login codes, phone codes and legacy encrypted phone data. */
export function codeControlRoutes(state: EmulatorState): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { openid?: string; unionid?: string; appid?: string } }>(
      '/control/login-code',
      {
        schema: {
          ...hidden,
          body: {
            type: ['object', 'null'],
            additionalProperties: false,
            properties: { openid: openidField, unionid: openidField, appid: openidField },
          },
        },
      },
      async (request) => state.mintLoginCode(request.body?.openid, request.body?.unionid, request.body?.appid),
    );

    app.post<{ Body: { openid: string; phoneNumber: string; countryCode?: string } }>(
      '/control/phone-code',
      { schema: { ...hidden, body: phoneBody } },
      async (request) => ({ code: state.mintPhoneCode(request.body.openid, request.body.phoneNumber, request.body.countryCode ?? '86') }),
    );

    app.post<{ Body: { openid: string; phoneNumber: string; countryCode?: string } }>(
      '/control/encrypted-phone',
      { schema: { ...hidden, body: phoneBody } },
      async (request) => {
        const { openid, phoneNumber, countryCode } = request.body;
        const sealed = state.encryptedPhone(openid, phoneNumber, countryCode ?? '86');
        if (sealed === null) throw invalidInput('that openid has no valid session: log in first');
        return sealed;
      },
    );
  };
}

/** Ends a user's WeChat session (as WeChat may at any time) and tells whether one is still valid. */
export function sessionControlRoutes(state: EmulatorState): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { openid: string } }>(
      '/control/expire-session',
      { schema: { ...hidden, body: { type: 'object', additionalProperties: false, required: ['openid'], properties: { openid: openidField } } } },
      async (request, reply) => {
        state.expireSession(request.body.openid);
        return reply.code(204).send();
      },
    );

    app.get<{ Params: { openid: string } }>(
      '/control/session/:openid',
      { schema: { ...hidden, params: { type: 'object', required: ['openid'], properties: { openid: openidField } } } },
      async (request) => ({ valid: state.sessionValid(request.params.openid) }),
    );
  };
}

/** Queues errcodes and delays for WeChat's routes, and counts their calls. */
export function faultControlRoutes(state: EmulatorState): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { path: WechatPath; errcode?: number; delayMs?: number; times: number } }>(
      '/control/faults',
      {
        schema: {
          ...hidden,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'times'],
            properties: {
              path: { type: 'string', enum: [...WECHAT_PATHS] },
              errcode: { type: 'integer' },
              delayMs: { type: 'integer', minimum: 0, maximum: 60000 },
              times: { type: 'integer', minimum: 1, maximum: 1000 },
            },
          },
        },
      },
      async (request, reply) => {
        const { path, errcode, delayMs, times } = request.body;
        if (errcode === undefined && delayMs === undefined) throw new ApiError(400, 'INVALID_INPUT', 'a fault needs errcode, delayMs or both');
        state.addFault(path, { errcode, delayMs }, times);
        return reply.code(204).send();
      },
    );

    /** Not in the contract: how many times each WeChat route was called (lets tests see the access_token cache work). */
    app.get('/control/calls', { schema: hidden }, async () => state.calls());
  };
}

/** Sends the server a message push, signed and sealed as WeChat's are. */
export function pushControlRoute(push: PushSender): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: PushRequest }>(
      '/control/push',
      {
        schema: {
          ...hidden,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['openid', 'event'],
            properties: {
              openid: openidField,
              event: { type: 'string', pattern: '^[A-Za-z_]{1,64}$' },
              revokeInfo: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,4}(,[0-9]{1,4})*$' }] },
              appid: openidField,
            },
          },
        },
      },
      async (request) => push.send(request.body),
    );
  };
}
