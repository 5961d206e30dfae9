import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for api.weixin.qq.com's jscode2session on loopback, as WeChat documents it, with one extra: a code
 * that starts with `held-` is answered only when the test releases it, so a login can be kept in flight.
 */
export interface HeldWechat {
  /** The base URL for WECHAT_API_BASE. */
  url: string;
  /** Every session_key handed out, to check that none reaches a log. */
  sessionKeys: string[];
  /** Resolves once a jscode2session call for `code` is waiting. */
  arrived(code: string): Promise<void>;
  /** Answers the held call for `code` (now, or as soon as it arrives). */
  release(code: string): void;
  close(): Promise<void>;
}

/** Codes WeChat refuses (40029): what a code the server never saw minted looks like. */
export const REFUSED_CODE_PREFIX = 'refused-';
const HELD_CODE_PREFIX = 'held-';

interface Gate {
  arrived: Promise<void>;
  markArrived(): void;
  released: Promise<void>;
  release(): void;
}

function gate(): Gate {
  let markArrived = (): void => undefined;
  let release = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (markArrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { arrived, markArrived, released, release };
}

export async function startHeldWechat(credentials: { appid: string; secret: string }): Promise<HeldWechat> {
  const gates = new Map<string, Gate>();
  const gateOf = (code: string): Gate => {
    let found = gates.get(code);
    if (found === undefined) {
      found = gate();
      gates.set(code, found);
    }
    return found;
  };
  const sessionKeys: string[] = [];

  async function answer(url: URL): Promise<Record<string, unknown>> {
    if (url.pathname !== '/sns/jscode2session') return { errcode: 40066, errmsg: 'invalid url' };
    const query = url.searchParams;
    if (query.get('appid') !== credentials.appid) return { errcode: 40013, errmsg: 'invalid appid' };
    if (query.get('secret') !== credentials.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const code = query.get('js_code') ?? '';
    if (code.startsWith(REFUSED_CODE_PREFIX)) return { errcode: 40029, errmsg: 'invalid code' };
    if (code.startsWith(HELD_CODE_PREFIX)) {
      const held = gateOf(code);
      held.markArrived();
      await held.released;
    }
    const sessionKey = randomBytes(16).toString('base64');
    sessionKeys.push(sessionKey);
    // An openid unrelated to the code, so a code found in a log cannot hide inside a logged openid.
    return { openid: `o-${randomBytes(12).toString('base64url')}`, session_key: sessionKey };
  }

  const server = http.createServer((request, response) => {
    void answer(new URL(request.url ?? '/', 'http://wechat.test')).then((body) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessionKeys,
    arrived: (code) => gateOf(code).arrived,
    release: (code) => gateOf(code).release(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const held of gates.values()) held.release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
