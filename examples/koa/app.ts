import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa, { type Context } from 'koa';
import type { WechatApps } from '../../server/sdk';
import { failure, login, logout, me, type Answer } from '../shared/contract';
import type { SessionTable } from '../shared/sessions';

function send(ctx: Context, answer: Answer): void {
  ctx.status = answer.status;
  if (answer.body !== undefined) ctx.body = answer.body;
}

/** The contract's login, me and logout on Koa 3 with @koa/router. */
export function createKoaApp(deps: { apps: WechatApps; sessions: SessionTable }): Koa {
  const app = new Koa();
  const router = new Router();

  router.post('/api/auth/login', async (ctx) => {
    send(ctx, await login(deps.apps, deps.sessions, ctx.request.body));
  });

  router.get('/api/user/me', (ctx) => {
    ctx.set('cache-control', 'no-store');
    send(ctx, me(deps.sessions, ctx.get('authorization') || undefined));
  });

  router.post('/api/auth/logout', (ctx) => {
    send(ctx, logout(deps.sessions, ctx.get('authorization') || undefined));
  });

  // First, so it catches what the body parser and the routes throw.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
      send(ctx, status === 400 || status === 413 || status === 415 ? { status, body: { error: { code: 'INVALID_INPUT', message: 'the body is not valid JSON' } } } : failure(error));
    }
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
