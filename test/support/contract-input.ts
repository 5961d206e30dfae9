/**
 * The contract's request bodies, checked the way the real server's schemas check them, so the
 * in-memory routes reject what the real one rejects. Pure: a body in, the accepted shape or null /
 * an error message out.
 */
import type { User } from '../../typings/contract';

const LOGIN_FIELDS = new Set(['code', 'appid']);
const PROFILE_FIELDS = new Set(['nickName', 'avatarUrl']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function characters(text: string): number {
  return Array.from(text).length;
}

function isAbsoluteUrl(text: string): boolean {
  return /^https?:\/\/[^\s/]+/.test(text);
}

/** `{ code, appid? }`, or null. */
export function loginBody(body: unknown): { code: string; appid: string | null } | null {
  if (
    !isRecord(body) ||
    typeof body.code !== 'string' ||
    body.code === '' ||
    Object.keys(body).some((key) => !LOGIN_FIELDS.has(key)) ||
    (body.appid !== undefined && (typeof body.appid !== 'string' || body.appid === ''))
  ) {
    return null;
  }
  return { code: body.code, appid: typeof body.appid === 'string' ? body.appid : null };
}

/** The profile change a PATCH /api/user/me body asks for, or the message saying why it is refused. */
export function profilePatch(body: unknown): Partial<User> | string {
  if (!isRecord(body) || Object.keys(body).some((key) => !PROFILE_FIELDS.has(key))) {
    return 'only nickName and avatarUrl may change';
  }
  const patch: Partial<User> = {};
  if (body.nickName !== undefined) {
    if (body.nickName !== null && (typeof body.nickName !== 'string' || characters(body.nickName.trim()) < 1 || characters(body.nickName) > 32)) {
      return 'nickName must be 1..32 characters or null';
    }
    patch.nickName = body.nickName;
  }
  if (body.avatarUrl !== undefined) {
    if (body.avatarUrl !== null && (typeof body.avatarUrl !== 'string' || !isAbsoluteUrl(body.avatarUrl))) {
      return 'avatarUrl must be an absolute URL or null';
    }
    patch.avatarUrl = body.avatarUrl;
  }
  return patch;
}

/** A phone body: the new flow's `{ code }`, the legacy `{ encryptedData, iv }`, or null. */
export function phoneBody(body: unknown): { code: string } | { encryptedData: string; iv: string } | null {
  if (isRecord(body) && typeof body.code === 'string' && Object.keys(body).length === 1) return { code: body.code };
  if (isRecord(body) && typeof body.encryptedData === 'string' && typeof body.iv === 'string') {
    return { encryptedData: body.encryptedData, iv: body.iv };
  }
  return null;
}
