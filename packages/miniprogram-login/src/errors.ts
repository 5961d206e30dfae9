/**
 * One error type for everything that can go wrong between a page and the server, so pages branch on
 * `kind` (and the contract's `code`) instead of parsing WeChat errMsg strings. Its `message` is short
 * developer English; the words a user reads are `miniprogram-login/messages` (or the app's own).
 */

/**
 * `network`: wx.request failed while the device has a network (the server is down or unreachable);
 * `offline`: it failed because the device has no network at all. Only `offline` asks the user to act.
 */
export type RequestErrorKind = 'network' | 'offline' | 'timeout' | 'http' | 'unauthorized' | 'login' | 'parse';

/** The HTTP status and the backend's error code, when there were any. */
export interface RequestErrorDetails {
  statusCode?: number | null;
  code?: string | null;
}

/** Every failure between a page and the server. */
export class RequestError extends Error {
  readonly kind: RequestErrorKind;
  readonly statusCode: number | null;
  /** The contract's `error.code` when the server sent one. */
  readonly code: string | null;

  constructor(kind: RequestErrorKind, message: string, details: RequestErrorDetails = {}) {
    super(message);
    this.name = 'RequestError';
    this.kind = kind;
    this.statusCode = details.statusCode ?? null;
    this.code = details.code ?? null;
    // Transpiled to ES5-style classes in some toolchains, instanceof needs the prototype restored.
    Object.setPrototypeOf(this, RequestError.prototype);
  }
}

/** The errMsg of a WeChat fail result, if `error` is one. */
export function errMsgOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('errMsg' in error)) return null;
  const { errMsg } = error;
  return typeof errMsg === 'string' ? errMsg : null;
}
