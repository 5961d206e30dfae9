import { randomBytes } from 'node:crypto';

/** Random base64url text for the codes, openids and access_tokens the emulator hands out. */
export const token = (bytes: number): string => randomBytes(bytes).toString('base64url');
