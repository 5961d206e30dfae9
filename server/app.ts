import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import { answerClientError } from './client-errors';
import { answerContractError, sendContractError, toContractError } from './contract-error';
import { notFound } from './errors';
import { createHttpServer, type ServerTimeouts } from './http-server';
import { AccessLog, batchedLines, loggerOptions, type LogSink } from './logging';
import { applyMethodOverride } from './method-override';
import { JSON_BODY_LIMIT, miniprogramLogin, type MiniprogramLoginOptions } from './plugin';
import { healthRoutes, type HealthOptions } from './routes/health';
import { MAX_AVATAR_BYTES } from './routes/user';
import { sharedSchemas } from './schemas';

export { toContractError } from './contract-error';
export { JSON_BODY_LIMIT } from './plugin';

/** The companion server: the miniprogramLogin plugin at the root, plus what only this server has. */
export interface AppDeps extends MiniprogramLoginOptions {
  /** The WeChat emulator's routes (server/emulator/mount.ts), mounted under /__wechat when present. */
  emulator: FastifyPluginAsync | null;
  /** What /api/health asks, and whether the server is shutting down. */
  health: HealthOptions;
  timeouts: ServerTimeouts;
  /**
   * Fastify's trustProxy: which proxies' X-Forwarded-For/-Proto/-Host to believe, so that the login rate
   * limit counts the real client and avatar URLs carry the public scheme and host. false: none.
   */
  trustProxy: boolean | string;
  /** false: no logging; otherwise where log lines go (undefined: stdout). */
  log: false | { sink: LogSink | undefined };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { emulator, health, timeouts, trustProxy, log, ...loginOptions } = deps;
  const sink = log === false ? null : (log.sink ?? batchedLines(process.stdout));
  const app = Fastify({
    logger: sink === null ? false : loggerOptions(sink),
    ...(sink === null ? {} : { logController: new AccessLog(sink) }),
    bodyLimit: JSON_BODY_LIMIT,
    forceCloseConnections: true,
    serverFactory: createHttpServer(timeouts),
    trustProxy,
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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });

  app.setErrorHandler(answerContractError);
  app.setNotFoundHandler((request, reply) => {
    return sendContractError(reply, notFound(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });

  // At the root, so the OpenAPI document has them; the plugin finds them there.
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

  await app.register(healthRoutes(health));
  await app.register(miniprogramLogin(loginOptions));
  if (emulator !== null) await app.register(emulator, { prefix: '/__wechat' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
