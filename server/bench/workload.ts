import type autocannon from 'autocannon';

/** POST /api/auth/login, each request with the next of the pre-minted codes (a code logs in once). */
export function loginRequest(codes: readonly string[]): autocannon.Request {
  let next = 0;
  return {
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ code: codes[next++ % codes.length] }) }),
  };
}

/** GET /api/user/me with the bearer token. */
export function meRequest(token: string): autocannon.Request {
  return { method: 'GET', path: '/api/user/me', headers: { authorization: `Bearer ${token}` } };
}

/** One login through `url` with `code`: the token the GET runs use. */
export async function tokenFor(url: string, code: string | undefined): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await response.json()) as { token?: string };
  if (body.token === undefined) throw new Error(`login for the GET bench failed: ${response.status}`);
  return body.token;
}
