import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, errorBody } from './errors';

/** Node's codes for a request it could not parse (bad request line or headers), before any route runs. */
function contractErrorFor(code: string): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError(431, 'PAYLOAD_TOO_LARGE', 'the request headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError(408, 'INVALID_INPUT', 'the request did not arrive in time');
  return new ApiError(400, 'INVALID_INPUT', 'malformed HTTP request');
}

/**
 * Fastify's clientErrorHandler with the contract's error body: even a request that never reached routing
 * is answered `{ error: { code, message } }`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError = contractErrorFor(error.code ?? '');
  const body = JSON.stringify(errorBody(apiError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${apiError.statusCode} ${STATUS_CODES[apiError.statusCode] ?? ''}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
