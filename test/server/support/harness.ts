import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../../server/start';
import { provideDatabase, type EngineName, type TestDatabase } from './postgres';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Every response body a suite saw, so it can check that no session_key ever left the server. */
export const seenBodies: string[] = [];

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  seenBodies.push(text);
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function jsonRequest(method: string, body: unknown, token?: string): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  };
}

export function authed(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } };
}

export function field<T>(value: unknown, ...keys: string[]): T {
  let current: unknown = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) throw new Error(`no ${keys.join('.')} in ${JSON.stringify(value)}`);
    current = (current as Record<string, unknown>)[key];
  }
  return current as T;
}

export const errorCode = (result: HttpResult): string | undefined => {
  try {
    return field<string>(result.body, 'error', 'code');
  } catch {
    return undefined;
  }
};

/** A server a test started, with the data folder it was given. */
export type StartedServer = RunningServer & { dataDir: string };

/** A suite's database plus the servers it starts on it; everything is torn down by `dispose`. */
export interface ServerFactory {
  start(overrides?: StartOptions & { dataDir?: string }): Promise<StartedServer>;
  dispose(): Promise<void>;
}

export async function serverFactory(engine: EngineName): Promise<ServerFactory> {
  const database: TestDatabase = await provideDatabase(engine);
  const running: RunningServer[] = [];
  const dirs: string[] = [];
  return {
    async start(overrides = {}) {
      const dataDir = overrides.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'server-test-')));
      if (overrides.dataDir === undefined) dirs.push(dataDir);
      const server = await startServer({
        port: 0,
        mode: 'test',
        logger: false,
        env: {},
        databaseUrl: database.url,
        loginRateLimit: { max: 10_000, windowMs: 60_000 },
        ...overrides,
        dataDir,
      });
      running.push(server);
      return { ...server, dataDir };
    },
    async dispose() {
      await Promise.allSettled(running.map((server) => server.close()));
      await database.release();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** Reads what a suite's hooks made; collecting the tests (before any hook ran) has nothing to read yet. */
function madeByHook<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the suite's ${what} exists only inside its tests and hooks`);
  return value;
}

/**
 * A describe block's server factory on `engine`: made before its tests, and disposed of after them with
 * every server it started and its database.
 */
export function suiteFactory(engine: EngineName): { readonly factory: ServerFactory } {
  let factory: ServerFactory | undefined;
  beforeAll(async () => {
    factory = await serverFactory(engine);
  });
  afterAll(async () => {
    await factory?.dispose();
  });
  return {
    get factory() {
      return madeByHook(factory, 'factory');
    },
  };
}

/** {@link suiteFactory} plus the one server the block's tests share, started with `options`. */
export function suiteServer(engine: EngineName, options: StartOptions = {}): { readonly factory: ServerFactory; readonly server: StartedServer } {
  const suite = suiteFactory(engine);
  let server: StartedServer | undefined;
  beforeAll(async () => {
    server = await suite.factory.start(options);
  });
  return {
    get factory() {
      return suite.factory;
    },
    get server() {
      return madeByHook(server, 'server');
    },
  };
}

export interface LoggedIn {
  token: string;
  openid: string;
  userId: number;
  isNew: boolean;
}

export interface LoginAs {
  openid?: string;
  unionid?: string;
  /** The mini-program: the code is minted for it and the login names it. Absent: neither does (the default app). */
  appid?: string;
}

export async function mintLoginCode(server: RunningServer, body: LoginAs = {}): Promise<{ code: string; openid: string }> {
  const result = await http(`${server.emulatorUrl}/control/login-code`, jsonRequest('POST', body));
  if (result.status !== 200) throw new Error(`login-code: ${result.status} ${result.text}`);
  return { code: field<string>(result.body, 'code'), openid: field<string>(result.body, 'openid') };
}

export async function login(server: RunningServer, body: LoginAs = {}): Promise<LoggedIn> {
  const { code, openid } = await mintLoginCode(server, body);
  const result = await http(`${server.url}/api/auth/login`, jsonRequest('POST', body.appid === undefined ? { code } : { code, appid: body.appid }));
  if (result.status !== 200) throw new Error(`login: ${result.status} ${result.text}`);
  return {
    token: field<string>(result.body, 'token'),
    openid,
    userId: field<number>(result.body, 'user', 'id'),
    isNew: field<boolean>(result.body, 'isNew'),
  };
}

export async function addFault(
  server: RunningServer,
  fault: { path: string; errcode?: number; delayMs?: number; times: number },
): Promise<void> {
  const result = await http(`${server.emulatorUrl}/control/faults`, jsonRequest('POST', fault));
  if (result.status !== 204) throw new Error(`faults: ${result.status} ${result.text}`);
}

export async function loginWithCode(server: RunningServer, code: string): Promise<HttpResult> {
  return http(`${server.url}/api/auth/login`, jsonRequest('POST', { code }));
}

/** Polls until `check` holds; never a fixed sleep. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
