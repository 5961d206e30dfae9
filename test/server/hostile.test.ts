import path from 'node:path';
import { CONTRACT_ERROR_CODES } from '../../server/errors';
import { snapshot, tableNames } from './support/db-snapshot';
import { authed, http, login, suiteServer } from './support/harness';
import { hostileRequest, seededRandom, type Credentials } from './support/hostile-requests';
import { enginesUnderTest } from './support/postgres';
import { parseRawResponse, rawHttp } from './support/raw-http';

jest.setTimeout(120_000);

const SEED = 20261201;
const REQUESTS = 1000;
/** The contract's codes, and the one the docs add for an unknown route. */
const ALLOWED_CODES = new Set<string>([...CONTRACT_ERROR_CODES, 'NOT_FOUND']);

/** The final answer after any interim 1xx (Expect: 100-continue). */
function finalResponse(raw: string): ReturnType<typeof parseRawResponse> {
  let response = parseRawResponse(raw);
  let rest = raw;
  while (response.status >= 100 && response.status < 200) {
    rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
    response = parseRawResponse(rest);
  }
  return response;
}

function contractError(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const keys = Object.keys(parsed).join();
    const inner = parsed.error === undefined ? '' : Object.keys(parsed.error).sort().join();
    if (keys !== 'error' || inner !== 'code,message' || typeof parsed.error?.message !== 'string') return `not the error shape: ${body.slice(0, 200)}`;
    return ALLOWED_CODES.has(String(parsed.error.code)) ? null : `code outside the contract: ${String(parsed.error.code)}`;
  } catch {
    return `not JSON: ${JSON.stringify(body.slice(0, 200))}`;
  }
}

describe.each(enginesUnderTest())('hostile input on %s', (engine) => {
  const suite = suiteServer(engine);

  test(`${REQUESTS} generated requests (seed ${SEED}): no 5xx, contract error bodies, nothing changed by a refusal`, async () => {
    const credentials: Credentials = { token: (await login(suite.server)).token };
    const tables = await tableNames(suite.server.db, engine);
    const uploadsDir = path.join(suite.server.dataDir, 'uploads');
    const random = seededRandom(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let before = await snapshot(suite.server.db, tables, uploadsDir);

    for (let i = 0; i < REQUESTS; i += 1) {
      const request = hostileRequest(random, credentials, i);
      const raw = await rawHttp(suite.server.port, request.bytes);
      const response = finalResponse(raw);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (!Number.isInteger(response.status)) failures.push(`${request.label}\n  no HTTP answer: ${JSON.stringify(raw.slice(0, 120))}`);
      else if (response.status >= 500) failures.push(`${request.label}\n  answered ${response.status}: ${response.body.slice(0, 200)}`);
      else if (response.status >= 300) {
        const problem = request.method === 'HEAD' ? null : contractError(response.body);
        if (problem !== null) failures.push(`${request.label}\n  ${response.status} ${problem}`);
        const after = await snapshot(suite.server.db, tables, uploadsDir);
        if (after !== before) failures.push(`${request.label}\n  refused with ${response.status}, yet the database or uploads changed`);
        before = after;
      } else {
        // An accepted request may change things (a valid nickname, a logout): carry on from the new state.
        if ((await http(`${suite.server.url}/api/user/me`, authed(credentials.token))).status !== 200) credentials.token = (await login(suite.server)).token;
        before = await snapshot(suite.server.db, tables, uploadsDir);
      }
    }

    process.stdout.write(`hostile suite on ${engine}: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`);
    expect(failures).toEqual([]);
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThan(5);
  });
});
