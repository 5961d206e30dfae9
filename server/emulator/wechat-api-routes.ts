import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { hidden } from './schemas';
import type { EmulatorState, Fault, WechatPath } from './state';

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

/** api.weixin.qq.com's routes the server uses, answering as WeChat does (HTTP 200, errcode/errmsg) or with a queued fault. */
export function wechatApiRoutes(state: EmulatorState): FastifyPluginAsync {
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
  };
}
