import { randomBytes } from 'node:crypto';
import { decryptPushMessage, encryptPushMessage, PushCryptoError, sha1Signature, signatureMatches } from './push-crypto';

/** The push settings of MP admin → 开发管理 → 开发设置 → 消息推送: Token, and the EncodingAESKey in safe mode. */
export interface PushConfig {
  token: string;
  /** The decoded EncodingAESKey (parseEncodingAesKey); null: plain mode (明文模式). */
  aesKey: Buffer | null;
}

export type PushQuery = Partial<Record<'signature' | 'timestamp' | 'nonce' | 'echostr' | 'encrypt_type' | 'msg_signature', string>>;

export type PushMessage = Record<string, unknown>;

export type OpenedPush =
  | { ok: true; appid: string | null; message: PushMessage; replayKey: string }
  | { ok: false; reason: string };

/** WeChat's pushes are fresh: a timestamp further off than this is refused, and replays are remembered this long. */
export const PUSH_MAX_SKEW_SECONDS = 5 * 60;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const refused = (reason: string): OpenedPush => ({ ok: false, reason });

export interface PushReceiver {
  /** GET (URL verification): the echostr to answer, or null when the signature or timestamp is wrong. */
  verifyEcho(query: PushQuery): string | null;
  /** POST: the authenticated message, or why it was refused. */
  open(query: PushQuery, body: unknown): OpenedPush;
}

export function createPushReceiver(options: {
  config: PushConfig;
  /** Whether a push sealed for this AppID is one of ours. */
  servesAppid: (appid: string) => boolean;
  now: () => number;
}): PushReceiver {
  const { token, aesKey } = options.config;

  function freshness(query: PushQuery): { timestamp: string; nonce: string } | string {
    const { timestamp, nonce } = query;
    if (timestamp === undefined || nonce === undefined || !/^\d{1,12}$/.test(timestamp)) return 'timestamp and nonce are required';
    if (Math.abs(options.now() / 1000 - Number(timestamp)) > PUSH_MAX_SKEW_SECONDS) return 'the timestamp is more than 5 minutes off';
    return { timestamp, nonce };
  }

  function openSafe(query: PushQuery, body: unknown, key: Buffer, timestamp: string, nonce: string): OpenedPush {
    if (!isObject(body) || typeof body.Encrypt !== 'string') return refused('a safe-mode push carries Encrypt');
    const given = query.msg_signature ?? '';
    if (!signatureMatches(given, sha1Signature(token, timestamp, nonce, body.Encrypt))) return refused('bad msg_signature');
    let opened: { message: string; appid: string };
    try {
      opened = decryptPushMessage(body.Encrypt, key);
    } catch (error) {
      return refused(error instanceof PushCryptoError ? error.message : 'undecryptable');
    }
    if (!options.servesAppid(opened.appid)) return refused(`the push was sealed for the AppID "${opened.appid}", not one of ours`);
    let message: unknown;
    try {
      message = JSON.parse(opened.message);
    } catch {
      return refused('the decrypted message is not JSON');
    }
    if (!isObject(message)) return refused('the decrypted message is not an object');
    return { ok: true, appid: opened.appid, message, replayKey: `${timestamp}:${nonce}:${given}` };
  }

  function openPlain(query: PushQuery, body: unknown, timestamp: string, nonce: string): OpenedPush {
    const given = query.signature ?? '';
    if (!signatureMatches(given, sha1Signature(token, timestamp, nonce))) return refused('bad signature');
    if (!isObject(body)) return refused('the push is not a JSON object');
    const appid = typeof body.AppID === 'string' ? body.AppID : null;
    return { ok: true, appid, message: body, replayKey: `${timestamp}:${nonce}:${given}` };
  }

  return {
    verifyEcho(query) {
      const fresh = freshness(query);
      if (typeof fresh === 'string' || query.echostr === undefined) return null;
      return signatureMatches(query.signature ?? '', sha1Signature(token, fresh.timestamp, fresh.nonce)) ? query.echostr : null;
    },

    open(query, body) {
      const fresh = freshness(query);
      if (typeof fresh === 'string') return refused(fresh);
      const safe = query.encrypt_type === 'aes';
      // Configured for safe mode, a plain push (whose signature does not cover the body) is not accepted.
      if (aesKey !== null && !safe) return refused('this server takes safe-mode (encrypt_type=aes) pushes only');
      if (aesKey === null && safe) return refused('a safe-mode push, but no EncodingAESKey is configured');
      return aesKey === null ? openPlain(query, body, fresh.timestamp, fresh.nonce) : openSafe(query, body, aesKey, fresh.timestamp, fresh.nonce);
    },
  };
}

/** A push as WeChat sends it: the query to append to the push URL and the JSON body (sealed in safe mode). */
export function sealPush(
  message: PushMessage,
  options: { config: PushConfig; appid: string; toUserName: string; now: () => number; nonce?: string },
): { query: Record<string, string>; body: PushMessage } {
  const timestamp = String(Math.floor(options.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const { token, aesKey } = options.config;
  const signature = sha1Signature(token, timestamp, nonce);
  if (aesKey === null) return { query: { signature, timestamp, nonce }, body: message };
  const encrypted = encryptPushMessage(JSON.stringify(message), options.appid, aesKey);
  return {
    query: { signature, timestamp, nonce, encrypt_type: 'aes', msg_signature: sha1Signature(token, timestamp, nonce, encrypted) },
    body: { ToUserName: options.toUserName, Encrypt: encrypted },
  };
}

export interface ReplayGuard {
  seen(key: string): boolean;
  /** Called once a push was acted on: a push that failed half way is not remembered, so WeChat's retry acts. */
  remember(key: string): void;
}

/** Remembers pushes acted on within the freshness window, so one replayed inside it acts only once. */
export function createReplayGuard(now: () => number, windowMs = PUSH_MAX_SKEW_SECONDS * 2 * 1000): ReplayGuard {
  const acted = new Map<string, number>();
  function prune(): void {
    const at = now();
    for (const [key, until] of acted) if (until <= at) acted.delete(key);
  }
  return {
    seen(key) {
      prune();
      return acted.has(key);
    },
    remember(key) {
      acted.set(key, now() + windowMs);
    },
  };
}
