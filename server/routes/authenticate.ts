import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerTokenOf } from '../bearer-token';
import type { TokenOwner, TokenStore } from '../db/tokens';
import { unauthorized } from '../errors';

export interface Authenticate {
  /** The bearer token's owner, or a 401 for a missing, unknown, expired or revoked token. Looked up once per request. */
  (request: FastifyRequest): Promise<TokenOwner>;
  /**
   * The same check as an onRequest hook: an unauthenticated request is answered 401 before its body is read
   * or validated, so a stranger learns nothing from the schema and uploads nothing.
   */
  onRequest(request: FastifyRequest): Promise<void>;
}

/**
 * Node keeps only the first of repeated Authorization headers; a proxy and this server could then disagree on
 * who is asking. Counted in the raw list (name, value, name, value, ...).
 */
function authorizationHeaders(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization') count += 1;
  }
  return count;
}

const OWNER = Symbol('token owner');

/** The request's lookup, kept on the request itself (a WeakMap entry per request cost more than the lookup's JavaScript). */
type WithOwner = FastifyRequest & { [OWNER]?: Promise<TokenOwner> | null };

/** `app`: the context of the routes that authenticate; the request gets its slot there, so every request keeps one shape. */
export function createAuthenticate(tokens: TokenStore, app: FastifyInstance): Authenticate {
  app.decorateRequest(OWNER, null);

  async function resolve(request: FastifyRequest): Promise<TokenOwner> {
    if (authorizationHeaders(request.raw.rawHeaders) > 1) throw unauthorized('send exactly one Authorization header');
    const token = bearerTokenOf(request.headers.authorization);
    if (token === null) throw unauthorized();
    const owner = await tokens.resolve(token);
    if (owner === null) throw unauthorized('the token is unknown, expired or revoked');
    return owner;
  }

  const authenticate = (request: WithOwner): Promise<TokenOwner> => (request[OWNER] ??= resolve(request));
  return Object.assign(authenticate, {
    async onRequest(request: FastifyRequest): Promise<void> {
      await authenticate(request);
    },
  });
}
