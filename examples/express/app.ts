import express, { type NextFunction, type Request, type Response } from 'express';
import type { WechatApps } from '../../server/sdk';
import { failure, login, logout, me, type Answer } from '../shared/contract';
import type { SessionTable } from '../shared/sessions';

function send(res: Response, answer: Answer): void {
  if (answer.body === undefined) res.status(answer.status).end();
  else res.status(answer.status).json(answer.body);
}

/** The contract's login, me and logout on Express 5 (which passes a rejected handler's error to the error middleware). */
export function createExpressApp(deps: { apps: WechatApps; sessions: SessionTable }): express.Express {
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.post('/api/auth/login', async (req, res) => {
    send(res, await login(deps.apps, deps.sessions, req.body));
  });

  app.get('/api/user/me', (req, res) => {
    send(res.set('cache-control', 'no-store'), me(deps.sessions, req.get('authorization')));
  });

  app.post('/api/auth/logout', (req, res) => {
    send(res, logout(deps.sessions, req.get('authorization')));
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseFailed = typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.parse.failed';
    send(res, parseFailed ? { status: 400, body: { error: { code: 'INVALID_INPUT', message: 'the body is not JSON' } } } : failure(error));
  });
  return app;
}
