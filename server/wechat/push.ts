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

/** WeChat's pushes are fresh: a timestamp further off than this is refused. */
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

/** Where a push stands when it arrives: acted on already, being acted on by another handler, or ours to act on. */
export type ReplayClaim =
  | { status: 'acted' }
  | { status: 'in-flight' }
  | {
      status: 'claimed';
      /** Acted on: remembered for the window, so a replay inside it acts no more. */
      acted(): Promise<void>;
      /** Failed half way: given back, so WeChat's retry acts. */
      failed(): Promise<void>;
    };

export interface ReplayGuard {
  /**
   * Claims the push atomically, so that of two handlers receiving it at once (WeChat's retry landing on another
   * instance while the first still works) only one acts.
   */
  claim(key: string): Promise<ReplayClaim>;
}

/** Twice the freshness window: a push is fresh for 5 minutes either side of its timestamp. */
export const REPLAY_WINDOW_MS = PUSH_MAX_SKEW_SECONDS * 2 * 1000;
/**
 * How long a claim holds without acted() or failed(): longer than handling takes, short enough that a handler
 * that died holding it lets one of WeChat's later retries (5 s apart, 3 of them) act.
 */
export const REPLAY_CLAIM_TTL_MS = 10_000;

export interface ReplayGuardTimes {
  windowMs?: number;
  claimTtlMs?: number;
}

/** The guard in this process: pushes claimed and acted on, each until its claim or its window ends. */
export function createReplayGuard(now: () => number, times: ReplayGuardTimes = {}): ReplayGuard {
  const windowMs = times.windowMs ?? REPLAY_WINDOW_MS;
  const claimTtlMs = times.claimTtlMs ?? REPLAY_CLAIM_TTL_MS;
  const entries = new Map<string, { acted: boolean; until: number }>();
  function prune(): void {
    const at = now();
    for (const [key, entry] of entries) if (entry.until <= at) entries.delete(key);
  }
  return {
    async claim(key) {
      prune();
      const held = entries.get(key);
      if (held !== undefined) return { status: held.acted ? 'acted' : 'in-flight' };
      const ours = { acted: false, until: now() + claimTtlMs };
      entries.set(key, ours);
      return {
        status: 'claimed',
        async acted() {
          entries.set(key, { acted: true, until: now() + windowMs });
        },
        async failed() {
          // Only our own claim: one that expired may have been claimed again since.
          if (entries.get(key) === ours) entries.delete(key);
        },
      };
    },
  };
}
