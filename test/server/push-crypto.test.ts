import { createHash } from 'node:crypto';
import { decryptPushMessage, encryptPushMessage, parseEncodingAesKey, PushCryptoError, sha1Signature } from '../../server/wechat/push-crypto';
import { createReplayGuard } from '../../server/wechat/push';

const KEY = parseEncodingAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');

describe('push crypto', () => {
  test('the signature is sha1 of the sorted parts joined', () => {
    // sorted: ["1409304348", "nonce", "token"]
    expect(sha1Signature('token', '1409304348', 'nonce')).toBe(createHash('sha1').update('1409304348noncetoken').digest('hex'));
  });

  test('round trip, padded to 32-byte blocks, with the AppID after the message', () => {
    const sealed = encryptPushMessage('{"a":"中文"}', 'wx1234567890abcdef', KEY, Buffer.alloc(16, 7));
    expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
    expect(decryptPushMessage(sealed, KEY)).toEqual({ message: '{"a":"中文"}', appid: 'wx1234567890abcdef' });
  });

  test('a plaintext of exactly 32 bytes gets a whole block of padding', () => {
    const sealed = encryptPushMessage('x'.repeat(6), 'wx12345678', KEY);
    expect(Buffer.from(sealed, 'base64')).toHaveLength(64);
  });

  test('another key, truncation and garbage are PushCryptoError', () => {
    const sealed = encryptPushMessage('{}', 'wx1', KEY);
    const other = parseEncodingAesKey('0123456789abcdefghijklmnopqrstuvwxyzABCDEFG');
    expect(() => decryptPushMessage(sealed, other)).toThrow(PushCryptoError);
    expect(() => decryptPushMessage(sealed.slice(0, 20), KEY)).toThrow(PushCryptoError);
    expect(() => decryptPushMessage('', KEY)).toThrow(PushCryptoError);
  });

  test('an EncodingAESKey must be 43 letters or digits', () => {
    expect(() => parseEncodingAesKey('a'.repeat(42))).toThrow(PushCryptoError);
    expect(parseEncodingAesKey('a'.repeat(43))).toHaveLength(32);
  });

  test('the replay guard forgets after its window', () => {
    let now = 0;
    const guard = createReplayGuard(() => now, 1000);
    expect(guard.seen('k')).toBe(false);
    guard.remember('k');
    expect(guard.seen('k')).toBe(true);
    now = 1000;
    expect(guard.seen('k')).toBe(false);
  });
});
