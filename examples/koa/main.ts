import { wechatAppsFromEnv, SEVEN_DAYS_SECONDS } from '../shared/config';
import { createSessionTable } from '../shared/sessions';
import { createKoaApp } from './app';

const app = createKoaApp({
  apps: wechatAppsFromEnv(process.env),
  sessions: createSessionTable({ ttlSeconds: SEVEN_DAYS_SECONDS, now: () => new Date() }),
});
const port = Number(process.env.PORT ?? 3002);
app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`koa example: http://127.0.0.1:${port} (POST /api/auth/login, GET /api/user/me, POST /api/auth/logout)\n`);
});
