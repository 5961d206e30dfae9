/**
 * trigger('chooseavatar', {avatarUrl}) with a file of this machine: WeChat hands the page a temporary
 * path (http://tmp/…) that only its own file APIs can read, so the local file is picked the way WeChat's
 * avatar picker would pick it: the user's avatar answer becomes that file and the chooseAvatar button is
 * tapped. The page then gets the real event with a temporary path its wx.uploadFile can read; if the user
 * has not agreed to the privacy guide yet, the app's privacy popup comes first, as on a phone.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Runtime, SimElement } from '../types';
import { isRecord } from './protocol';

function localFile(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || !path.isAbsolute(candidate)) return null;
  try {
    return statSync(candidate).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

/** The file to pick, when this trigger is a chooseavatar with a local file on a chooseAvatar button. */
export function avatarPick(element: SimElement, type: string, detail: unknown): string | null {
  if (type !== 'chooseavatar' || !isRecord(detail)) return null;
  if (element.tagName !== 'button' || element.attribute('open-type') !== 'chooseAvatar') return null;
  return localFile(detail.avatarUrl);
}

export function pickAvatar(runtime: Runtime, element: SimElement, filePath: string): Promise<void> {
  runtime.user = { ...runtime.user, avatar: { answer: 'choose', filePath } };
  return element.tap();
}
