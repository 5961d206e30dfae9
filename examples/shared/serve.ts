import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WechatApps } from '../../server/sdk';
import { SEVEN_DAYS_SECONDS, wechatAppsFromEnv } from './config';
import { createSessionTable, type SessionTable } from './sessions';

export type ExampleApp = (deps: { apps: WechatApps; sessions: SessionTable }) => RequestListener;

export interface RunningExample {
  url: string;
  sessions: SessionTable;
  close(): Promise<void>;
}

/** An example's main: its app over the environment's mini-program and a fresh token table, on PORT (0: any). */
export async function serveExample(defaultPort: number, app: ExampleApp, env: NodeJS.ProcessEnv): Promise<RunningExample> {
  const sessions = createSessionTable({ ttlSeconds: SEVEN_DAYS_SECONDS, now: () => new Date() });
  const server = createServer(app({ apps: wechatAppsFromEnv(env), sessions }));
  await new Promise<void>((resolve) => server.listen(Number(env.PORT ?? defaultPort), '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sessions,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}

/** `npx tsx examples/<name>/main.ts`: serves on PORT from the environment, or says why it cannot. */
export function runExample(name: string, defaultPort: number, app: ExampleApp): void {
  serveExample(defaultPort, app, process.env).then(
    ({ url }) => process.stdout.write(`${name} example: ${url} (POST /api/auth/login, GET /api/user/me, POST /api/auth/logout)\n`),
    (error: unknown) => {
      process.stderr.write(`${name} example: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
