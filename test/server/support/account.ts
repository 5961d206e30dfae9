import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunningServer } from '../../../server/start';
import { authed, field, http, jsonRequest, type HttpResult } from './harness';
import { PNG_BYTES, formWithFile } from './images';

/** Helpers for the account lifecycle suites: a user with everything a deletion or a revocation must remove. */

export async function uploadAvatar(server: RunningServer, token: string): Promise<string> {
  const result = await http(`${server.url}/api/user/avatar`, authed(token, { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }));
  if (result.status !== 200) throw new Error(`avatar: ${result.status} ${result.text}`);
  return field<string>(result.body, 'avatarUrl');
}

export function patchMe(server: RunningServer, token: string, body: Record<string, unknown>): Promise<HttpResult> {
  return http(`${server.url}/api/user/me`, jsonRequest('PATCH', body, token));
}

export async function bindPhoneNumber(server: RunningServer, token: string, openid: string, phoneNumber: string): Promise<void> {
  const minted = await http(`${server.emulatorUrl}/control/phone-code`, jsonRequest('POST', { openid, phoneNumber }));
  const bound = await http(`${server.url}/api/user/phone`, jsonRequest('POST', { code: field<string>(minted.body, 'code') }, token));
  if (bound.status !== 200) throw new Error(`phone: ${bound.status} ${bound.text}`);
}

/** A user with a nickname, an uploaded avatar in the profile and a bound phone. */
export async function fillProfile(server: RunningServer, token: string, openid: string): Promise<{ avatarUrl: string }> {
  const avatarUrl = await uploadAvatar(server, token);
  const patched = await patchMe(server, token, { nickName: '注销测试🌙', avatarUrl });
  if (patched.status !== 200) throw new Error(`patch: ${patched.status} ${patched.text}`);
  await bindPhoneNumber(server, token, openid, '13800138000');
  return { avatarUrl };
}

export const storedName = (avatarUrl: string): string => avatarUrl.slice(avatarUrl.lastIndexOf('/') + 1);

/** The files in the server's upload folder. */
export async function uploadedFiles(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(path.join(dataDir, 'uploads'))).sort();
  } catch {
    return [];
  }
}
