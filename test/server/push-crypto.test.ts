import { createHash } from 'node:crypto';
import { decryptPushMessage, encryptPushMessage, parseEncodingAesKey, PushCryptoError, sha1Signature } from '../../server/wechat/push-crypto';
import { createReplayGuard } from '../../server/wechat/push';
import { claimed } from './support/replays';

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

  describe('the replay guard in this process', () => {
    let now = 0;
    const guard = () => createReplayGuard(() => now, { windowMs: 1000, claimTtlMs: 100 });
    beforeEach(() => {
      now = 0;
    });

    test('a push acted on is "acted" until its window ends, then claimable again', async () => {
      const replays = guard();
      await (await claimed(replays.claim('k'))).acted();
      expect(await replays.claim('k')).toEqual({ status: 'acted' });
      expect((await replays.claim('other')).status).toBe('claimed');
      now = 999;
      expect((await replays.claim('k')).status).toBe('acted');
      now = 1000;
      expect((await replays.claim('k')).status).toBe('claimed');
    });

    test('a claim in flight answers "in-flight"; failed() gives it back for the retry', async () => {
      const replays = guard();
      const first = await claimed(replays.claim('k'));
      expect(await replays.claim('k')).toEqual({ status: 'in-flight' });
      await first.failed();
      expect((await replays.claim('k')).status).toBe('claimed');
    });

    test("a claim not settled expires after its TTL; the late holder's failed() leaves the next claim alone", async () => {
      const replays = guard();
      const stale = await claimed(replays.claim('k'));
      now = 100;
      await claimed(replays.claim('k'));
      await stale.failed();
      expect(await replays.claim('k')).toEqual({ status: 'in-flight' });
    });
  });
});
