import { createCipheriv, createDecipheriv } from 'node:crypto';
import { WechatDecryptError } from './errors';

/** WeChat's legacy scheme: AES-128-CBC, PKCS#7, key = base64 session_key (16 bytes), iv = base64 (16 bytes). */
function keyAndIv(sessionKey: string, iv: string): { key: Buffer; ivBytes: Buffer } {
  const key = Buffer.from(sessionKey, 'base64');
  const ivBytes = Buffer.from(iv, 'base64');
  if (key.length !== 16 || ivBytes.length !== 16) throw new WechatDecryptError('session_key or iv has the wrong length');
  return { key, ivBytes };
}

export function encryptWechatData(plaintext: unknown, sessionKey: string, iv: string): string {
  const { key, ivBytes } = keyAndIv(sessionKey, iv);
  const cipher = createCipheriv('aes-128-cbc', key, ivBytes);
  return Buffer.concat([cipher.update(JSON.stringify(plaintext), 'utf8'), cipher.final()]).toString('base64');
}

export interface PhonePlaintext {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decrypts legacy encryptedData and checks that its watermark names our appid. */
export function decryptWechatData(encryptedData: string, iv: string, sessionKey: string, appid: string): Record<string, unknown> {
  const { key, ivBytes } = keyAndIv(sessionKey, iv);
  let parsed: unknown;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, ivBytes);
    const plain = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]);
    parsed = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new WechatDecryptError('encryptedData could not be decrypted with the current session');
  }
  if (!isRecord(parsed) || !isRecord(parsed.watermark) || parsed.watermark.appid !== appid) {
    throw new WechatDecryptError('the watermark of encryptedData does not name this app');
  }
  return parsed;
}

export function readPhonePlaintext(data: Record<string, unknown>): PhonePlaintext {
  const { phoneNumber, purePhoneNumber, countryCode } = data;
  if (typeof phoneNumber !== 'string' || typeof purePhoneNumber !== 'string' || typeof countryCode !== 'string') {
    throw new WechatDecryptError('encryptedData holds no phone number');
  }
  return { phoneNumber, purePhoneNumber, countryCode };
}
