/** A real image file, as chooseAvatar hands the page a temporary local path. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A valid 1×1 PNG. */
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function tempPng(): Promise<{ filePath: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'automator-avatar-'));
  const filePath = path.join(dir, 'avatar.png');
  await writeFile(filePath, ONE_PIXEL_PNG);
  return { filePath, remove: () => rm(dir, { recursive: true, force: true }) };
}
