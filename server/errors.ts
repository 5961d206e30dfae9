/** Codes of the contract's error table (docs/contract.md). */
export const CONTRACT_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_CODE',
  'DECRYPT_FAILED',
  'UNAUTHORIZED',
  'RISKY_USER',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA',
  'RATE_LIMITED',
  'WECHAT_ERROR',
  'WECHAT_UNAVAILABLE',
] as const;

export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

/**
 * The contract's table has no code for a route that does not exist, a bug of ours, or a server that cannot serve
 * (shutting down, its database down: /api/health's 503); these three fill that gap.
 */
export type ErrorCode = ContractErrorCode | 'NOT_FOUND' | 'INTERNAL_ERROR' | 'UNAVAILABLE';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}

export const invalidInput = (message: string): ApiError => new ApiError(400, 'INVALID_INPUT', message);
export const unauthorized = (message = 'a valid bearer token is required'): ApiError =>
  new ApiError(401, 'UNAUTHORIZED', message);
export const decryptFailed = (message: string): ApiError => new ApiError(400, 'DECRYPT_FAILED', message);
export const unsupportedMedia = (message: string): ApiError => new ApiError(415, 'UNSUPPORTED_MEDIA', message);
export const rateLimited = (message: string): ApiError => new ApiError(429, 'RATE_LIMITED', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'NOT_FOUND', message);
