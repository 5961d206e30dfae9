import { parseEncodingAesKey } from './wechat/push-crypto';
import type { PushConfig } from './wechat/push';

/** Development-only push settings the emulator signs and seals with when none are configured. Not secrets. */
export const EMULATOR_PUSH_TOKEN = 'emulatorpushtoken';
export const EMULATOR_PUSH_AES_KEY = 'EmulatorEncodingAesKey000000000000000000000';

/** WeChat's Token for the push URL: 3 to 32 letters or digits. */
const PUSH_TOKEN = /^[A-Za-z0-9]{3,32}$/;

/** What the emulator signs and seals with when no push settings are configured (safe mode). */
export function emulatorPushConfig(): PushConfig {
  return { token: EMULATOR_PUSH_TOKEN, aesKey: parseEncodingAesKey(EMULATOR_PUSH_AES_KEY) };
}

/**
 * WECHAT_PUSH_TOKEN and WECHAT_PUSH_AES_KEY (the EncodingAESKey; absent: plain mode); null when no token is set.
 * A malformed value stops the start, naming the variable.
 */
export function pushConfig(env: NodeJS.ProcessEnv): PushConfig | null {
  const token = env.WECHAT_PUSH_TOKEN || undefined;
  const aesKey = env.WECHAT_PUSH_AES_KEY || undefined;
  if (token === undefined) {
    if (aesKey !== undefined) throw new Error('WECHAT_PUSH_AES_KEY is set but WECHAT_PUSH_TOKEN is not: set both (safe mode), only the token (plain mode), or neither');
    return null;
  }
  if (!PUSH_TOKEN.test(token)) throw new Error('WECHAT_PUSH_TOKEN must be 3 to 32 letters or digits, as MP admin takes it');
  if (aesKey === undefined) return { token, aesKey: null };
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey)) throw new Error(`WECHAT_PUSH_AES_KEY must be the 43-character EncodingAESKey (letters and digits), got ${aesKey.length} characters`);
  return { token, aesKey: parseEncodingAesKey(aesKey) };
}
