import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { WechatApps } from '../apps';
import { ApiError, unauthorized } from '../errors';
import type { PushEvents, PushOutcome } from '../push-events';
import { errorResponses, unavailableBody } from '../schemas';
import type { PushQuery, PushReceiver, ReplayGuard } from '../wechat/push';

export interface PushRoutesDeps {
  receiver: PushReceiver;
  replays: ReplayGuard;
  events: PushEvents;
  apps: WechatApps;
}

const PUSH_PATH = '/api/wechat/push';

const queryField = { type: 'string', maxLength: 512 } as const;
const signedQuery = {
  type: 'object',
  required: ['signature', 'timestamp', 'nonce'],
  properties: { signature: queryField, timestamp: queryField, nonce: queryField },
} as const;
const textAnswer = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });

function answerText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('text/plain; charset=utf-8').send(text);
}

/** WeChat's message push (消息推送): URL verification and the JSON pushes, in safe or plain mode (docs/contract.md). */
export function pushRoutes(deps: PushRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    // WeChat does not document the content type of its JSON pushes: text/plain is read as JSON here too (only here).
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.addContentTypeParser('text/plain', { parseAs: 'string' }, (request, body, done) => {
      parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
    });

    app.get<{ Querystring: PushQuery }>(
      PUSH_PATH,
      {
        schema: {
          tags: ['wechat'],
          summary: "WeChat's push URL verification: answers echostr when the signature matches",
          querystring: { ...signedQuery, required: [...signedQuery.required, 'echostr'], properties: { ...signedQuery.properties, echostr: queryField } },
          response: { 200: textAnswer('the echostr, as text/plain'), ...errorResponses(400, 401) },
        },
      },
      async (request, reply) => {
        const echo = deps.receiver.verifyEcho(request.query);
        if (echo === null) throw unauthorized('bad signature or stale timestamp');
        return answerText(reply, echo);
      },
    );

    app.post<{ Querystring: PushQuery; Body: unknown }>(
      PUSH_PATH,
      {
        schema: {
          tags: ['wechat'],
          summary: "WeChat's message push (JSON; safe mode with encrypt_type=aes and msg_signature, or plain)",
          querystring: {
            ...signedQuery,
            properties: { ...signedQuery.properties, encrypt_type: { type: 'string', enum: ['aes', 'raw'] }, msg_signature: queryField },
          },
          body: { type: 'object', description: 'safe mode: { ToUserName, Encrypt }; plain mode: the message itself' },
          response: {
            200: textAnswer('"success"'),
            ...errorResponses(400, 401, 413, 415),
            503: unavailableBody('UNAVAILABLE: the same push is being handled (here or by another instance); WeChat retries it'),
          },
        },
      },
      async (request, reply) => {
        const opened = deps.receiver.open(request.query, request.body);
        if (!opened.ok) throw unauthorized(opened.reason);
        const claim = await deps.replays.claim(opened.replayKey);
        if (claim.status === 'acted') return answerText(reply, 'success');
        // Not 'success': the handler holding it may still fail, and then only a retry can act.
        if (claim.status === 'in-flight') throw new ApiError(503, 'UNAVAILABLE', 'this push is being handled; WeChat retries it');
        const appid = opened.appid ?? deps.apps.fallback.appid;
        let outcome: PushOutcome;
        try {
          outcome = deps.apps.get(appid) === undefined ? 'ignored' : await deps.events.handle(appid, opened.message);
        } catch (error) {
          await claim.failed();
          throw error;
        }
        await claim.acted();
        request.log.info({ event: opened.message.Event, outcome }, 'wechat push');
        return answerText(reply, 'success');
      },
    );
  };
}
