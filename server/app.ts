import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { createAccounts } from './accounts';
import type { WechatApps } from './apps';
import { answerClientError } from './client-errors';
import type { AccountStore } from './db/accounts';
import type { RecordLogin } from './db/login';
import type { TokenStore } from './db/tokens';
import type { UserStore } from './db/users';
import { emulatorRoutes } from './emulator/routes';
import type { PushSender } from './emulator/push';
import type { EmulatorState } from './emulator/state';
import { ApiError, errorBody, notFound, type ErrorCode } from './errors';
import { createHttpServer, type ServerTimeouts } from './http-server';
import { AccessLog, loggerOptions, type LogSink } from './logging';
import { applyMethodOverride } from './method-override';
import { authRoutes } from './routes/auth';
import { createAuthenticate } from './routes/authenticate';
import { createPushEvents } from './push-events';
import { healthRoutes } from './routes/health';
import { pushRoutes } from './routes/push';
import { uploadRoutes } from './routes/uploads';
import { MAX_AVATAR_BYTES, userRoutes } from './routes/user';
import { sharedSchemas } from './schemas';
import type { UploadStore } from './uploads/store';
import { isWechatFailure, toApiError } from './wechat/errors';
import type { PushReceiver, ReplayGuard } from './wechat/push';

export interface AppDeps {
  users: UserStore;
  tokens: TokenStore;
  /** Creates or finds the user and issues its token in one transaction. */
  recordLogin: RecordLogin;
  apps: WechatApps;
  uploads: UploadStore;
  /** Profile, upload and deletion changes, each in one transaction. */
  accountStore: AccountStore;
  /** Mounted under /__wechat when present; `push` sends WeChat's pushes to this server. */
  emulator: { state: EmulatorState; push: PushSender } | null;
  /** WeChat's message push: the route exists only when configured (WECHAT_PUSH_TOKEN, or the emulator). */
  push: { receiver: PushReceiver; replays: ReplayGuard } | null;
  loginRateLimit: { max: number; windowMs: number };
  /** Phone number tries per user: each one spends the app's paid getuserphonenumber quota. */
  phoneRateLimit: { max: number; windowMs: number };
  /** Base of absolute URLs handed out (PUBLIC_URL); absent: the address the connection reached, never its Host. */
  publicUrl: string | undefined;
  timeouts: ServerTimeouts;
  /**
   * Fastify's trustProxy: which proxies' X-Forwarded-For/-Proto/-Host to believe, so that the login rate
   * limit counts the real client and avatar URLs carry the public scheme and host. false: none.
   */
  trustProxy: boolean | string;
  /** false: no logging; otherwise where log lines go (undefined: stdout). */
  log: false | { sink: LogSink | undefined };
}

/** JSON bodies are small; uploads have their own limit in the multipart parser. */
export const JSON_BODY_LIMIT = 64 * 1024;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  406: 'UNSUPPORTED_MEDIA',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA',
  429: 'RATE_LIMITED',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error;
}

/** Every failure in the contract's `{ error: { code, message } }` shape. */
export function toContractError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isWechatFailure(error)) return toApiError(error);
  if (isFastifyError(error)) {
    if (error.validation !== undefined) return new ApiError(400, 'INVALID_INPUT', error.message);
    const status = error.statusCode ?? 500;
    const code = CODE_BY_STATUS[status] ?? (status < 500 ? 'INVALID_INPUT' : undefined);
    if (code !== undefined) return new ApiError(status === 406 ? 415 : status, code, error.message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'internal server error');
}

function noStore(_request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

function sendContractError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.statusCode).send(errorBody(error));
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.log === false ? false : loggerOptions(deps.log.sink),
    logController: new AccessLog(),
    bodyLimit: JSON_BODY_LIMIT,
    forceCloseConnections: true,
    serverFactory: createHttpServer(deps.timeouts),
    trustProxy: deps.trustProxy,
    // Requests that never reach a route get the contract's error body too.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => {
      void sendContractError(reply, toContractError(error));
    },
    // Runs before routing, so an overridden POST is matched to the PATCH route.
    rewriteUrl(request) {
      applyMethodOverride(request);
      return request.url ?? '/';
    },
    // Unknown fields are an error (not silently dropped), and "123" is not a number.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });

  // JSON routes take JSON only: text/plain is answered 415 like any other content type they do not read.
  app.removeContentTypeParser('text/plain');
  // An empty body with a JSON content type (wx.request sends one on a bare POST) means "no body", not a parse error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    const apiError = toContractError(error);
    if (apiError.code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'unhandled error');
    else if (apiError.statusCode >= 500) request.log.warn({ code: apiError.code }, apiError.message);
    return sendContractError(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) => {
    return sendContractError(reply, notFound(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });

  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'miniprogram-login companion server',
        description: 'The HTTP contract between the mini-program and its server (docs/contract.md).',
        version: '1.0.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transform: ({ schema, url }) => {
      const consumes = schema?.consumes;
      if (!Array.isArray(consumes) || !consumes.includes('multipart/form-data')) return { schema, url };
      const body = {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description: `jpeg, png, webp or gif, at most ${MAX_AVATAR_BYTES} bytes` } },
      };
      return { schema: { ...schema, body }, url };
    },
  });
  await app.register(rateLimit, { global: false });

  const authenticate = createAuthenticate(deps.tokens);
  const accounts = createAccounts({ store: deps.accountStore, uploads: deps.uploads, log: app.log });
  await app.register(healthRoutes);
  // Tokens and profiles are one person's: no cache (a proxy's or the client's) keeps a copy, errors included.
  await app.register(async (personal) => {
    personal.addHook('onRequest', noStore);
    await personal.register(authRoutes({ ...deps, authenticate }));
    await personal.register(userRoutes({ ...deps, accounts, authenticate }));
  });
  await app.register(uploadRoutes(deps.uploads));
  if (deps.push !== null) {
    await app.register(pushRoutes({ ...deps.push, apps: deps.apps, events: createPushEvents({ users: deps.users, accounts }) }));
  }
  if (deps.emulator !== null) await app.register(emulatorRoutes(deps.emulator.state, deps.emulator.push), { prefix: '/__wechat' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
