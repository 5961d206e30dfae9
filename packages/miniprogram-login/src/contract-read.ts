/** Checking the default backend's answers against its contract (contract.ts). */
import { isRecord } from './body';
import type { LoginResult } from './config';
import type { LoginResponse, User } from './contract';

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** True when `value` is a {@link User} of the default backend. */
export function isContractUser(value: unknown): value is User {
  return (
    isRecord(value) &&
    typeof value.id === 'number' &&
    nullableString(value.nickName) &&
    nullableString(value.avatarUrl) &&
    nullableString(value.phoneNumber) &&
    nullableString(value.countryCode) &&
    typeof value.createdAt === 'string'
  );
}

/**
 * The default `login.read`: the session from a `POST /api/auth/login` answer ({@link LoginResponse}). The
 * session checks what it returns (a token, a finite expiry, a {@link User}) and fails the login with a
 * `parse` RequestError when the answer breaks the contract.
 */
export function contractRead(payload: unknown): LoginResult<unknown> | null {
  if (!isRecord(payload) || typeof payload.token !== 'string' || typeof payload.expiresAt !== 'string') return null;
  return { token: payload.token, expiresAt: Date.parse(payload.expiresAt), user: payload.user };
}

/** The default login body: the mini-program's own AppID goes with the code when the runtime can tell it. */
export function contractLoginBody(code: string, appId: string | null): { code: string; appid?: string } {
  return appId === null ? { code } : { code, appid: appId };
}
