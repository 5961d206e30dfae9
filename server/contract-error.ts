import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody, type ErrorCode } from './errors';
import { isWechatFailure, toApiError } from './wechat/errors';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  406: 'UNSUPPORTED_MEDIA',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA',
  429: 'RATE_LIMITED',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error;
}

/** Every failure in the contract's `{ error: { code, message } }` shape. */
export function toContractError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isWechatFailure(error)) return toApiError(error);
  if (isFastifyError(error)) {
    if (error.validation !== undefined) return new ApiError(400, 'INVALID_INPUT', error.message);
    const status = error.statusCode ?? 500;
    const code = CODE_BY_STATUS[status] ?? (status < 500 ? 'INVALID_INPUT' : undefined);
    if (code !== undefined) return new ApiError(status === 406 ? 415 : status, code, error.message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'internal server error');
}

export function sendContractError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.statusCode).send(errorBody(error));
}

/** The error handler of the contract's routes: the contract's body, a log line for what is our fault or WeChat's. */
export function answerContractError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const apiError = toContractError(error);
  if (apiError.code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'unhandled error');
  else if (apiError.statusCode >= 500) request.log.warn({ code: apiError.code }, apiError.message);
  return sendContractError(reply, apiError);
}
