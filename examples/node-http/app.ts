import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ApiError, type WechatApps } from '../../server/sdk';
import { failure, login, logout, me, type Answer } from '../shared/contract';
import type { SessionTable } from '../shared/sessions';

const MAX_BODY_BYTES = 64 * 1024;

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the body is over 64 KB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'INVALID_INPUT', 'the body is not JSON');
  }
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

/** The contract's login, me and logout in a plain `node:http` handler: the SDK needs no framework. */
export function createNodeHandler(deps: { apps: WechatApps; sessions: SessionTable }): RequestListener {
  async function route(req: IncomingMessage): Promise<Answer> {
    const route = `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`;
    if (route === 'POST /api/auth/login') return login(deps.apps, deps.sessions, await jsonBody(req));
    if (route === 'GET /api/user/me') return me(deps.sessions, req.headers.authorization);
    if (route === 'POST /api/auth/logout') return logout(deps.sessions, req.headers.authorization);
    throw new ApiError(404, 'NOT_FOUND', `no route ${route}`);
  }

  return (req, res) => {
    route(req).then(
      (answer) => send(res, answer),
      (error: unknown) => send(res, failure(error)),
    );
  };
}
