import { AjvCompiler } from '@fastify/ajv-compiler';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createAccounts } from './accounts';
import type { WechatApps } from './apps';
import { answerContractError } from './contract-error';
import { createAccountStore } from './db/accounts';
import { createLoginRecorder, type LoginStores } from './db/login';
import type { Database } from './db/schema';
import type { ReadNow } from './db/statement-cache';
import { createTokenStore } from './db/tokens';
import { createUserStore } from './db/users';
import { acceptJsonOnly } from './json-body';
import { createPushEvents } from './push-events';
import { authRoutes } from './routes/auth';
import { createAuthenticate } from './routes/authenticate';
import { pushRoutes } from './routes/push';
import { uploadRoutes } from './routes/uploads';
import { userRoutes } from './routes/user';
import { sharedSchemas } from './schemas';
import type { UploadStore } from './uploads/store';
import type { PushReceiver, ReplayGuard } from './wechat/push';

export { migrateToLatest } from './db/migrations';
/** For the `readNow` option, over the better-sqlite3 file under `db`. */
export { readNowOn } from './db/statement-cache';
/** For the host's `rewriteUrl`: the client sends PATCH as POST with `X-HTTP-Method-Override: PATCH` (wx.request has no PATCH). */
export { applyMethodOverride } from './method-override';
export type { Database } from './db/schema';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface MiniprogramLoginOptions {
  /** The team's connection, migrated with migrateToLatest (SQLite through better-sqlite3, or PostgreSQL). */
  db: Kysely<Database>;
  /** SQLite: readNowOn(file) over the better-sqlite3 file under `db`: the token lookup of each authenticated request runs on it directly. */
  readNow?: ReadNow;
  /** The mini-programs served: createWechatApps over one createWechatClient per AppID (server/sdk). */
  apps: WechatApps;
  /** Where avatars go (createUploadStore(folder)); served under `<prefix>/uploads/`, or from the store's publicUrlOf. */
  uploads: UploadStore;
  /** Token lifetime; default 7 days. */
  tokenTtlSeconds?: number;
  /** One user across the apps of one WeChat Open Platform account (same unionid); default true. */
  linkByUnionid?: boolean;
  /** WeChat's message push route (`<prefix>/api/wechat/push`); default none. */
  push?: { receiver: PushReceiver; replays: ReplayGuard } | null;
  /** Per client address; default 100 a minute. */
  loginRateLimit?: RateLimit;
  /** Per user (each try spends paid getuserphonenumber quota); default 10 an hour. */
  phoneRateLimit?: RateLimit;
  /** Where the rate limits count (sharedRateLimitStore: in Redis, across instances); default this process. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** Base of the avatar URLs handed out; default the address the connection reached. */
  publicUrl?: string;
  /** The clock of token expiry; default the system clock. */
  now?: () => Date;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
export const DEFAULT_LOGIN_RATE_LIMIT: RateLimit = { max: 100, windowMs: 60_000 };
export const DEFAULT_PHONE_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60 * 60_000 };
/** JSON bodies are small; uploads have their own limit in the multipart parser. */
export const JSON_BODY_LIMIT = 64 * 1024;

/** Unknown fields are an error (not silently dropped), and "123" is not a number: whatever the host app's Ajv does. */
const STRICT_AJV = { coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false } as const;

function noStore(_request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

/** The stores over the team's connection: users and their WeChat identities, tokens, profile changes. */
function storesOf(options: MiniprogramLoginOptions) {
  const now = options.now ?? (() => new Date());
  const ttlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const storesOver: LoginStores = (over) => ({
    users: createUserStore(over, now, { linkByUnionid: options.linkByUnionid ?? true }),
    tokens: createTokenStore(over, { ttlSeconds, now, readNow: options.readNow }),
  });
  return { ...storesOver(options.db), recordLogin: createLoginRecorder(options.db, storesOver), accountStore: createAccountStore(options.db, now) };
}

/**
 * The contract's routes (docs/contract.md) as a Fastify plugin: `app.register(miniprogramLogin(options), { prefix })`.
 * Encapsulated: its JSON parsing, strict validation, error shape and rate limits apply to its own routes only.
 */
export function miniprogramLogin(options: MiniprogramLoginOptions): FastifyPluginAsync {
  return async (app) => {
    const { users, tokens, recordLogin, accountStore } = storesOf(options);

    // A host that documents them (the companion server's OpenAPI document) has the schemas already.
    for (const schema of sharedSchemas) if (app.getSchema(schema.$id) === undefined) app.addSchema(schema);
    app.setValidatorCompiler(AjvCompiler()(Object.fromEntries(sharedSchemas.map((schema) => [schema.$id, schema])), { customOptions: STRICT_AJV }));
    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= JSON_BODY_LIMIT;
    });

    acceptJsonOnly(app);
    app.setErrorHandler(answerContractError);

    if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false, store: options.rateLimitStore });

    const authenticate = createAuthenticate(tokens, app);
    const accounts = createAccounts({ store: accountStore, uploads: options.uploads, log: app.log });
    const common = {
      apps: options.apps,
      users,
      tokens,
      recordLogin,
      authenticate,
      loginRateLimit: options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT,
      phoneRateLimit: options.phoneRateLimit ?? DEFAULT_PHONE_RATE_LIMIT,
      publicUrl: options.publicUrl,
    };
    // Tokens and profiles are one person's: no cache (a proxy's or the client's) keeps a copy, errors included.
    await app.register(async (personal) => {
      personal.addHook('onRequest', noStore);
      await personal.register(authRoutes(common));
      await personal.register(userRoutes({ ...common, accounts, uploads: options.uploads }));
    });
    await app.register(uploadRoutes(options.uploads));
    if (options.push != null) {
      await app.register(pushRoutes({ ...options.push, apps: options.apps, events: createPushEvents({ users, accounts }) }));
    }
  };
}
