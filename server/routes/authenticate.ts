import type { FastifyRequest } from 'fastify';
import type { TokenOwner, TokenStore } from '../db/tokens';
import { unauthorized } from '../errors';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

export type Authenticate = (request: FastifyRequest) => Promise<TokenOwner>;

/** Resolves the bearer token to its owner, or throws 401 for a missing, unknown, expired or revoked one. */
export function createAuthenticate(tokens: TokenStore): Authenticate {
  return async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (match === null || match[1] === undefined) throw unauthorized();
    const owner = await tokens.resolve(match[1]);
    if (owner === null) throw unauthorized('the token is unknown, expired or revoked');
    return owner;
  };
}
