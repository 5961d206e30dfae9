import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's message push crypto (消息推送, 安全模式), framework-agnostic: the server's push route checks and
 * opens pushes with it, the emulator signs and seals them.
 * - signature = sha1(sort([token, timestamp, nonce]).join(''))
 * - msg_signature = sha1(sort([token, timestamp, nonce, Encrypt]).join(''))
 * - Encrypt = base64(AES-256-CBC(key, iv = key[0..16], PKCS#7 to 32-byte blocks,
 *     16 random bytes ‖ uint32 BE message length ‖ message ‖ AppID)), key = base64(EncodingAESKey + "=")
 */

const BLOCK = 32;

export class PushCryptoError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PushCryptoError';
  }
}

/** The 32-byte AES key of a 43-character EncodingAESKey; anything else throws. */
export function parseEncodingAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new PushCryptoError('an EncodingAESKey is 43 characters of A-Z, a-z, 0-9');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new PushCryptoError('an EncodingAESKey decodes to 32 bytes');
  return key;
}

export function sha1Signature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join(''), 'utf8').digest('hex');
}

/** Compares a signature the sender gave with the expected one in constant time. */
export function signatureMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function pad(plain: Buffer): Buffer {
  const amount = BLOCK - (plain.length % BLOCK);
  return Buffer.concat([plain, Buffer.alloc(amount, amount)]);
}

function unpad(padded: Buffer): Buffer {
  const amount = padded[padded.length - 1] ?? 0;
  if (amount < 1 || amount > BLOCK || amount > padded.length) throw new PushCryptoError('bad padding');
  for (let i = padded.length - amount; i < padded.length; i += 1) if (padded[i] !== amount) throw new PushCryptoError('bad padding');
  return padded.subarray(0, padded.length - amount);
}

export function encryptPushMessage(message: string, appid: string, key: Buffer, random: Buffer = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = pad(Buffer.concat([random, length, body, Buffer.from(appid, 'utf8')]));
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** The message and the AppID it was sealed for; throws PushCryptoError on anything malformed. */
export function decryptPushMessage(encrypted: string, key: Buffer): { message: string; appid: string } {
  const sealed = Buffer.from(encrypted, 'base64');
  if (sealed.length === 0 || sealed.length % 16 !== 0) throw new PushCryptoError('the ciphertext is not whole AES blocks');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = unpad(Buffer.concat([decipher.update(sealed), decipher.final()]));
  } catch (error) {
    throw error instanceof PushCryptoError ? error : new PushCryptoError('the ciphertext could not be decrypted');
  }
  if (plain.length < 20) throw new PushCryptoError('the plaintext is too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new PushCryptoError('the message length is out of range');
  return {
    message: plain.subarray(20, 20 + length).toString('utf8'),
    appid: plain.subarray(20 + length).toString('utf8'),
  };
}
