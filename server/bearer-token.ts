import { hash, randomBytes } from 'node:crypto';

/** The scheme name is case-insensitive (RFC 9110 §11.1); the token is what newBearerToken issues: base64url. */
const BEARER = /^Bearer +([A-Za-z0-9_-]{16,128})$/i;

/** A new token: 32 random bytes, base64url. Hand it to the client once; store only hashToken(token). */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored in place of the token: a leaked table gives no one a working token. */
export function hashToken(token: string): string {
  // One-shot: a third of createHash().update().digest()'s cost, on every authenticated request.
  return hash('sha256', token, 'hex');
}

/** The token of an `Authorization: Bearer <token>` header, or null when the header is absent or malformed. */
export function bearerTokenOf(authorization: string | undefined): string | null {
  return BEARER.exec(authorization ?? '')?.[1] ?? null;
}
