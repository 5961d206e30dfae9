import { createServer } from 'node:http';
import { wechatAppsFromEnv, SEVEN_DAYS_SECONDS } from '../shared/config';
import { createSessionTable } from '../shared/sessions';
import { createNodeHandler } from './app';

const handler = createNodeHandler({
  apps: wechatAppsFromEnv(process.env),
  sessions: createSessionTable({ ttlSeconds: SEVEN_DAYS_SECONDS, now: () => new Date() }),
});
const port = Number(process.env.PORT ?? 3003);
createServer(handler).listen(port, '127.0.0.1', () => {
  process.stdout.write(`node:http example: http://127.0.0.1:${port} (POST /api/auth/login, GET /api/user/me, POST /api/auth/logout)\n`);
});
