import { ApiError } from '../errors';

/** WeChat answered with a non-zero errcode. */
export class WechatErrcodeError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatErrcodeError';
  }
}

/** WeChat answered something that is not its documented shape (no JSON, a field missing). */
export class WechatBadResponseError extends Error {
  constructor(reason: string) {
    super(`unexpected WeChat response: ${reason}`);
    this.name = 'WechatBadResponseError';
  }
}

/** WeChat could not be reached, timed out, or stayed busy (-1) after the retry. */
export class WechatUnavailableError extends Error {
  constructor(reason: string) {
    super(`WeChat unavailable: ${reason}`);
    this.name = 'WechatUnavailableError';
  }
}

/** Could not decrypt legacy encryptedData, or its watermark names another app. */
export class WechatDecryptError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WechatDecryptError';
  }
}

export const BUSY = -1;
/** 40029: invalid or expired code; 40163: code already used. */
const INVALID_CODE = new Set([40029, 40163]);

/** The contract's mapping of WeChat failures to HTTP errors. */
export type WechatFailure = WechatErrcodeError | WechatBadResponseError | WechatUnavailableError | WechatDecryptError;

export function isWechatFailure(error: unknown): error is WechatFailure {
  return (
    error instanceof WechatErrcodeError ||
    error instanceof WechatBadResponseError ||
    error instanceof WechatUnavailableError ||
    error instanceof WechatDecryptError
  );
}

export function toApiError(error: WechatFailure): ApiError {
  if (error instanceof WechatBadResponseError) return new ApiError(502, 'WECHAT_ERROR', error.message);
  if (error instanceof WechatUnavailableError) return new ApiError(503, 'WECHAT_UNAVAILABLE', error.message);
  if (error instanceof WechatDecryptError) return new ApiError(400, 'DECRYPT_FAILED', error.message);
  if (INVALID_CODE.has(error.errcode)) {
    return new ApiError(400, 'INVALID_CODE', `WeChat rejected the code (${error.errcode})`);
  }
  if (error.errcode === 40226) return new ApiError(403, 'RISKY_USER', 'WeChat flagged this user as high-risk (40226)');
  if (error.errcode === 45011) return new ApiError(429, 'RATE_LIMITED', 'WeChat rate limit reached (45011)');
  if (error.errcode === BUSY) return new ApiError(503, 'WECHAT_UNAVAILABLE', 'WeChat is busy (-1)');
  return new ApiError(502, 'WECHAT_ERROR', `WeChat answered errcode ${error.errcode}`);
}
