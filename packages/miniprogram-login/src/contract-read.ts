/** Checking the default backend's answers against its contract (contract.ts). */
import { isRecord } from './body';
import type { LoginResponse, User } from './contract';
import { RequestError } from './errors';

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

/** The default backend's login answer, checked; a `parse` RequestError when it breaks the contract. */
export function parseLoginResponse(value: unknown): LoginResponse {
  if (
    !isRecord(value) ||
    typeof value.token !== 'string' ||
    value.token === '' ||
    typeof value.expiresAt !== 'string' ||
    Number.isNaN(Date.parse(value.expiresAt)) ||
    !isContractUser(value.user) ||
    typeof value.isNew !== 'boolean'
  ) {
    throw new RequestError('parse', 'login response does not match the contract');
  }
  return { token: value.token, expiresAt: value.expiresAt, user: value.user, isNew: value.isNew };
}

/** The default login body: the mini-program's own AppID goes with the code when the runtime can tell it. */
export function contractLoginBody(code: string, appId: string | null): { code: string; appid?: string } {
  return appId === null ? { code } : { code, appid: appId };
}
