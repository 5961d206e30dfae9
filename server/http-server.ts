import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, errorBody, invalidInput } from './errors';

/** How long a connection may take; a slow or silent client is cut off instead of holding a socket forever. */
export interface ServerTimeouts {
  /** Until the request's headers are complete. */
  headersMs: number;
  /** Until the whole request, body included, has arrived (a 2 MB avatar over a slow mobile link fits). */
  requestMs: number;
  /** A socket with no traffic at all; longer than requestMs, so a stalled request is answered 408 before its socket is cut. */
  idleMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
  /** How often Node checks the header and request deadlines. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 60_000,
  idleMs: 75_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
};

function answer(response: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(errorBody(error));
  response.writeHead(error.statusCode, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}

/**
 * Node's HTTP server, answering in the contract's error body the two requests Node would otherwise answer
 * itself with an empty body: an HTTP/1.1 request without Host (400) and an `Expect` other than 100-continue (417).
 */
export function createHttpServer(
  timeouts: ServerTimeouts,
): (handler: (request: IncomingMessage, response: ServerResponse) => void) => http.Server {
  return (handler) => {
    const server = http.createServer(
      {
        requireHostHeader: false,
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        keepAliveTimeout: timeouts.keepAliveMs,
        connectionsCheckingInterval: timeouts.checkIntervalMs,
      },
      (request, response) => {
        if (request.headers.host === undefined && request.httpVersion === '1.1') {
          answer(response, invalidInput('an HTTP/1.1 request must carry a Host header'));
          return;
        }
        handler(request, response);
      },
    );
    server.setTimeout(timeouts.idleMs);
    server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
      answer(response, new ApiError(417, 'INVALID_INPUT', 'the only Expect this server meets is 100-continue'));
    });
    return server;
  };
}
