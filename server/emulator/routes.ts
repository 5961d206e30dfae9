import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ApiError, invalidInput } from '../errors';
import type { PushRequest, PushSender } from './push';
import { WECHAT_PATHS, type EmulatorState, type Fault, type WechatPath } from './state';

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Waits out a fault's delay, cut short when the caller hangs up (a timed-out client or the server closing). */
function stall(reply: FastifyReply, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, delayMs);
    function done(): void {
      clearTimeout(timer);
      reply.raw.off('close', done);
      resolve();
    }
    reply.raw.on('close', done);
  });
}

async function suffer(state: EmulatorState, path: WechatPath, reply: FastifyReply): Promise<Record<string, unknown> | null> {
  const fault: Fault | undefined = state.enter(path);
  if (fault === undefined) return null;
  if (fault.delayMs !== undefined && fault.delayMs > 0) await stall(reply, fault.delayMs);
  if (fault.errcode === undefined) return null;
  return { errcode: fault.errcode, errmsg: fault.errcode === -1 ? 'system error' : 'emulated fault' };
}

const hidden = { hide: true } as const;
/** Real openids are base64url-like; printable ASCII without spaces keeps them safe in a path and a database. */
const openidField = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[!-~]+$' } as const;
const phoneFields = {
  openid: openidField,
  phoneNumber: { type: 'string', pattern: '^[0-9]{5,20}$' },
  countryCode: { type: 'string', pattern: '^[0-9]{1,4}$' },
} as const;

/**
 * api.weixin.qq.com's routes the server uses, answering as WeChat does (HTTP 200, errcode/errmsg), plus the
 * control API tests and the headless runtime drive it with (docs/contract.md).
 */
export function emulatorRoutes(state: EmulatorState, push: PushSender): FastifyPluginAsync {
  return async (app) => {
    app.get('/sns/jscode2session', { schema: hidden }, async (request, reply) => {
      return (await suffer(state, '/sns/jscode2session', reply)) ?? state.jscode2session(asRecord(request.query));
    });

    app.post('/cgi-bin/stable_token', { schema: hidden }, async (request, reply) => {
      return (await suffer(state, '/cgi-bin/stable_token', reply)) ?? state.stableToken(asRecord(request.body));
    });

    app.post('/wxa/business/getuserphonenumber', { schema: hidden }, async (request, reply) => {
      const fault = await suffer(state, '/wxa/business/getuserphonenumber', reply);
      return fault ?? state.getuserphonenumber(asRecord(request.query).access_token, asRecord(request.body));
    });

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
      { schema: { ...hidden, body: { type: 'object', additionalProperties: false, required: ['openid', 'phoneNumber'], properties: phoneFields } } },
      async (request) => ({ code: state.mintPhoneCode(request.body.openid, request.body.phoneNumber, request.body.countryCode ?? '86') }),
    );

    app.post<{ Body: { openid: string; phoneNumber: string; countryCode?: string } }>(
      '/control/encrypted-phone',
      { schema: { ...hidden, body: { type: 'object', additionalProperties: false, required: ['openid', 'phoneNumber'], properties: phoneFields } } },
      async (request) => {
        const { openid, phoneNumber, countryCode } = request.body;
        const sealed = state.encryptedPhone(openid, phoneNumber, countryCode ?? '86');
        if (sealed === null) throw invalidInput('that openid has no valid session: log in first');
        return sealed;
      },
    );

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

    /** Not in the contract: how many times each WeChat route was called (lets tests see the access_token cache work). */
    app.get('/control/calls', { schema: hidden }, async () => state.calls());
  };
}
