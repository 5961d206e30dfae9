import type { IncomingMessage } from 'node:http';

/**
 * wx.request has no PATCH (its methods are OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT), so the
 * mini-program sends PATCH /api/user/me as POST with `X-HTTP-Method-Override: PATCH`. Only that one
 * upgrade is honoured: an override can never turn a request into something other than PATCH, nor apply
 * to anything but POST.
 */
export const METHOD_OVERRIDE_HEADER = 'x-http-method-override';

export function applyMethodOverride(request: IncomingMessage): void {
  const override = request.headers[METHOD_OVERRIDE_HEADER];
  if (request.method === 'POST' && typeof override === 'string' && override.trim().toUpperCase() === 'PATCH') {
    request.method = 'PATCH';
  }
}
