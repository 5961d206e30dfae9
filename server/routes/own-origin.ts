import type { FastifyRequest } from 'fastify';

/**
 * `http://<address>:<port>` of this server as the client's connection reached it. Unlike Host or
 * X-Forwarded-Host it is not the sender's word: an attacker cannot make us hand out URLs on their domain.
 * A phone on the LAN gets the LAN address it connected to; behind a proxy, set PUBLIC_URL.
 */
export function ownOrigin(request: FastifyRequest): string {
  const socket = request.raw.socket;
  const raw = socket.localAddress ?? '127.0.0.1';
  const address = raw.startsWith('::ffff:') ? raw.slice('::ffff:'.length) : raw;
  return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort ?? 80}`;
}
