import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { authed, errorCode, field, http, jsonRequest, login, type StartedServer, suiteFactory, suiteServer } from './support/harness';
import { PNG_BYTES, formWithFile, multipartBody } from './support/images';
import { enginesUnderTest } from './support/postgres';
import { parseRawResponse, rawHttp, rawRequest } from './support/raw-http';

jest.setTimeout(60_000);

const uploadsOf = async (server: StartedServer): Promise<string[]> => readdir(path.join(server.dataDir, 'uploads')).catch(() => []);

const contractBody = (raw: string) => JSON.parse(parseRawResponse(raw).body) as unknown;

describe.each(enginesUnderTest())('hardening on %s', (engine) => {
  const logLines: string[] = [];
  const suite = suiteServer(engine, { logger: true, logSink: { write: (line) => logLines.push(line) } });

  describe('avatar over 2 MB', () => {
    const MiB = 1024 * 1024;
    test.each([2 * MiB + 1, 2 * MiB + 2, 2 * MiB + 100, 2 * MiB + 4096, 2 * MiB + 65_536, 3 * MiB, 5 * MiB, 10 * MiB])(
      'a file of %i bytes is 413 PAYLOAD_TOO_LARGE and nothing is stored',
      async (size) => {
        const { token } = await login(suite.server);
        const before = await uploadsOf(suite.server);
        const bytes = Buffer.concat([PNG_BYTES, Buffer.alloc(size - PNG_BYTES.length, 7)]);
        const result = await http(`${suite.server.url}/api/user/avatar`, authed(token, { method: 'POST', body: formWithFile(bytes, 'a.png', 'image/png') }));
        expect(result.status).toBe(413);
        expect(errorCode(result)).toBe('PAYLOAD_TOO_LARGE');
        expect(await uploadsOf(suite.server)).toEqual(before);
      },
    );

    test('a file of exactly 2 MiB is stored whole', async () => {
      const { token } = await login(suite.server);
      const bytes = Buffer.concat([PNG_BYTES, Buffer.alloc(2 * MiB - PNG_BYTES.length, 7)]);
      const result = await http(`${suite.server.url}/api/user/avatar`, authed(token, { method: 'POST', body: formWithFile(bytes, 'a.png', 'image/png') }));
      expect(result.status).toBe(200);
      const served = await fetch(field<string>(result.body, 'avatarUrl'));
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    });
  });

  describe('malformed multipart', () => {
    const part = multipartBody('B0UNDARY', PNG_BYTES);
    const headersCut = part.subarray(0, part.indexOf('filename'));
    const fileCut = part.subarray(0, part.length - 20);
    test.each([
      ['no boundary', 'multipart/form-data', part],
      ['an empty boundary', 'multipart/form-data; boundary=', part],
      ['a boundary that does not match the body', 'multipart/form-data; boundary=OTHER', part],
      ['a body cut inside the part headers', 'multipart/form-data; boundary=B0UNDARY', headersCut],
      ['a body cut inside the file', 'multipart/form-data; boundary=B0UNDARY', fileCut],
      ['no parts at all', 'multipart/form-data; boundary=B0UNDARY', Buffer.from('--B0UNDARY--\r\n')],
      ['garbage', 'multipart/form-data; boundary=B0UNDARY', Buffer.from('\u0000\u0001garbage')],
    ])('%s is 400 INVALID_INPUT, with no stack in the log', async (_name, contentType, body) => {
      const { token } = await login(suite.server);
      const before = await uploadsOf(suite.server);
      const linesBefore = logLines.length;
      const raw = await rawHttp(
        suite.server.port,
        rawRequest('POST', '/api/user/avatar', [['Host', '127.0.0.1'], ['Authorization', `Bearer ${token}`], ['Content-Type', contentType]], body),
      );
      expect(parseRawResponse(raw).status).toBe(400);
      expect(contractBody(raw)).toEqual({ error: { code: 'INVALID_INPUT', message: expect.any(String) } });
      expect(await uploadsOf(suite.server)).toEqual(before);
      const logged = logLines.slice(linesBefore).join('');
      expect(logged).not.toMatch(/"stack"|"level":50/);
    });
  });

  describe('requests Node would answer itself', () => {
    test('a request without Host gets the contract error body', async () => {
      const raw = await rawHttp(suite.server.port, 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n');
      expect(parseRawResponse(raw).status).toBe(400);
      expect(contractBody(raw)).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Host/) } });
    });

    test('an HTTP/1.0 request without Host is still served (Host is an HTTP/1.1 requirement)', async () => {
      const raw = await rawHttp(suite.server.port, 'GET /api/health HTTP/1.0\r\n\r\n');
      expect(parseRawResponse(raw).status).toBe(200);
    });

    test('an unknown expectation gets the contract error body', async () => {
      const raw = await rawHttp(suite.server.port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: foo\r\nConnection: close\r\n\r\n');
      expect(parseRawResponse(raw).status).toBe(417);
      expect(contractBody(raw)).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Expect/) } });
    });

    test('Expect: 100-continue still works', async () => {
      const raw = await rawHttp(
        suite.server.port,
        rawRequest('POST', '/api/auth/login', [['Host', '127.0.0.1'], ['Content-Type', 'application/json'], ['Expect', '100-continue']], '{"code":"unknown"}'),
      );
      expect(raw).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 400 /);
    });
  });

  describe('nicknames', () => {
    test.each([
      ['a zero-width space', '\u200b'],
      ['a Hangul filler', '\u3164'],
      ['a halfwidth Hangul filler', '\uffa0'],
      ['Hangul choseong and jungseong fillers', '\u115f\u1160'],
      ['a Braille blank', '\u2800\u2800'],
      ['a soft hyphen', '\u00ad'],
      ['a word joiner', '\u2060'],
      ['a right-to-left override', '\u202e'],
      ['a right-to-left override in a visible name', 'abc\u202edef'],
      ['a first-strong isolate in a visible name', 'a\u2068b'],
      ['a byte order mark', '\ufeff'],
      ['a Mongolian vowel separator', '\u180e'],
      ['a variation selector alone', '\ufe0f'],
      ['a combining mark alone', '\u0301'],
      ['a tag character', '\u{e0041}'],
      ['non-breaking and ideographic spaces', '\u00a0\u3000\u2003'],
      ['a line separator', '\u2028'],
      ['a mixture of invisibles', '\u200b\u3164\u2800\u00ad\u200d'],
    ])('%s is rejected with INVALID_INPUT', async (_name, nickName) => {
      const { token } = await login(suite.server);
      const result = await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { nickName }, token));
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_INPUT');
    });

    test.each([
      ['CJK', '小程序用户'],
      ['an emoji', '😀'],
      ['a ZWJ emoji sequence', '👨‍👩‍👧'],
      ['a flag', '🇨🇳'],
      ['an emoji with a variation selector', '❤️'],
      ['a name with a space inside', 'Li Lei'],
      ['Arabic with a right-to-left mark', 'علي\u200f'],
      ['a combining accent on a letter', 'e\u0301'],
      ['Korean', '김민수'],
      ['a single dot', '.'],
    ])('%s is accepted', async (_name, nickName) => {
      const { token } = await login(suite.server);
      const result = await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { nickName }, token));
      expect(result.status).toBe(200);
      expect(field<string>(result.body, 'nickName')).toBe(nickName);
    });
  });

  test('credentials in a query string never reach the log in clear', async () => {
    const linesBefore = logLines.length;
    const secrets = ['QUERYSECRET0001aaaaaaaa', 'QUERYSECRET0002bbbbbbbb', 'QUERYSECRET0003cccccccc', 'QUERYSECRET0004dddddddd'];
    const targets = [
      `/api/user/me?token=${secrets[0]}`,
      `/api/user/me?authorization=Bearer%20${secrets[1]}`,
      `/api/user/me?x=1&Access_Token=${secrets[2]}&y=2`,
      `/api/user/me?AUTHORIZATION=Bearer+${secrets[3]}`,
    ];
    for (const target of targets) {
      expect((await http(`${suite.server.url}${target}`)).status).toBe(401);
    }
    const logged = logLines.slice(linesBefore).join('');
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).toContain('/api/user/me?x=1&Access_Token=[redacted]&y=2');
  });

  test('auth and user responses, errors included, are not cached', async () => {
    const { token } = await login(suite.server);
    const responses = [
      await http(`${suite.server.url}/api/user/me`, authed(token)),
      await http(`${suite.server.url}/api/user/me`),
      await http(`${suite.server.url}/api/auth/login`, jsonRequest('POST', { code: 'unknown' })),
      await http(`${suite.server.url}/api/user/me`, jsonRequest('PATCH', { nickName: '' }, token)),
    ];
    for (const response of responses) expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('uploads are served as inert downloads-or-images, never as a document', async () => {
    const { token } = await login(suite.server);
    const result = await http(`${suite.server.url}/api/user/avatar`, authed(token, { method: 'POST', body: formWithFile(PNG_BYTES, 'a.png', 'image/png') }));
    const served = await fetch(field<string>(result.body, 'avatarUrl'));
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toMatch(/^inline; filename="[0-9a-f]{32}\.png"$/);
  });

  test('the avatar URL is not built from the Host the client sent', async () => {
    const { token } = await login(suite.server);
    const raw = await rawHttp(
      suite.server.port,
      rawRequest(
        'POST',
        '/api/user/avatar',
        [['Host', 'evil.example'], ['Authorization', `Bearer ${token}`], ['Content-Type', 'multipart/form-data; boundary=XYZ']],
        multipartBody('XYZ', PNG_BYTES),
      ),
    );
    expect(parseRawResponse(raw).status).toBe(200);
    expect(field<string>(contractBody(raw), 'avatarUrl').startsWith(`${suite.server.url}/uploads/`)).toBe(true);
  });

  test('two Authorization headers are refused with 401', async () => {
    const { token } = await login(suite.server);
    const raw = await rawHttp(
      suite.server.port,
      rawRequest('GET', '/api/user/me', [['Host', '127.0.0.1'], ['Authorization', `Bearer ${token}`], ['Authorization', 'Bearer someone-elses-token-xxxx']]),
    );
    expect(parseRawResponse(raw).status).toBe(401);
    expect(contractBody(raw)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/one Authorization/) } });
  });

  test('the phone route is rate limited per user', async () => {
    const limited = await suite.factory.start({ phoneRateLimit: { max: 2, windowMs: 60_000 } });
    const first = await login(limited);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await http(`${limited.url}/api/user/phone`, jsonRequest('POST', { code: 'unknown' }, first.token))).status);
    }
    expect(statuses).toEqual([400, 400, 429]);
    const last = await http(`${limited.url}/api/user/phone`, jsonRequest('POST', { code: 'unknown' }, first.token));
    expect(errorCode(last)).toBe('RATE_LIMITED');
    const other = await login(limited);
    expect((await http(`${limited.url}/api/user/phone`, jsonRequest('POST', { code: 'unknown' }, other.token))).status).toBe(400);
  });

  test('a connection that never finishes its headers is closed', async () => {
    const slow = await suite.factory.start({ timeouts: { headersMs: 300, requestMs: 600, idleMs: 3000, keepAliveMs: 300, checkIntervalMs: 100 } });
    const raw = await rawHttp(slow.port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(parseRawResponse(raw).status).toBe(408);
    expect(contractBody(raw)).toEqual({ error: { code: 'INVALID_INPUT', message: expect.any(String) } });
  });

  test('a body that never arrives is closed', async () => {
    const slow = await suite.factory.start({ timeouts: { headersMs: 300, requestMs: 600, idleMs: 3000, keepAliveMs: 300, checkIntervalMs: 100 } });
    const raw = await rawHttp(
      slow.port,
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"co',
    );
    expect(parseRawResponse(raw).status).toBe(408);
    expect(contractBody(raw)).toEqual({ error: { code: 'INVALID_INPUT', message: expect.any(String) } });
  });
});

describe('start-up refusals', () => {
  const suite = suiteFactory('sqlite');

  test.each(['0', '-5', '1.5', 'abc', '1e3x'])('TOKEN_TTL=%s is refused, naming the variable', async (value) => {
    await expect(suite.factory.start({ env: { TOKEN_TTL: value } })).rejects.toThrow(/TOKEN_TTL/);
  });

  test.each(['0', '-1', 'x'])('PHONE_RATE_LIMIT_MAX=%s is refused, naming the variable', async (value) => {
    await expect(suite.factory.start({ env: { PHONE_RATE_LIMIT_MAX: value } })).rejects.toThrow(/PHONE_RATE_LIMIT_MAX/);
  });
});
