import Fastify from 'fastify';
import pino from 'pino';
import { AccessLog, batchedLines, censorSecrets, loggerOptions, redactUrl } from '../../server/logging';

function logged(write: (log: pino.Logger) => void): string {
  const lines: string[] = [];
  const sink = { write: (line: string) => lines.push(line) };
  write(pino(loggerOptions(sink) as pino.LoggerOptions, sink));
  return lines.join('');
}

describe('log redaction', () => {
  test('secret keys one level into anything logged are censored, errors included', () => {
    const error = Object.assign(new Error('wechat said no'), { session_key: 'SK-SECRET-1', errcode: 40029 });
    const line = logged((log) => {
      log.info({ wechat: { openid: 'o1', session_key: 'SK-SECRET-2', sessionKey: 'SK-SECRET-3' }, headers: { authorization: 'Bearer TOKEN-SECRET' } }, 'x');
      log.error({ err: error, call: { secret: 'APP-SECRET', access_token: 'AT-SECRET', token: 'T-SECRET', cookie: 'C-SECRET' } }, 'failed');
    });
    for (const secret of ['SK-SECRET-1', 'SK-SECRET-2', 'SK-SECRET-3', 'TOKEN-SECRET', 'APP-SECRET', 'AT-SECRET', 'T-SECRET', 'C-SECRET']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('"openid":"o1"');
    expect(line).toContain('wechat said no');
    expect(line).toContain('"errcode":40029');
    expect(line).toContain('"stack":"Error: wechat said no');
  });

  test('a line without secrets is passed on as it is, not copied', () => {
    const line = { req: { method: 'GET' }, res: { statusCode: 200 }, responseTime: 1 };
    expect(censorSecrets(line)).toBe(line);
  });

  test('the logged object itself is never changed', () => {
    const wechat = { session_key: 'kept' };
    logged((log) => log.info({ wechat }, 'x'));
    expect(wechat.session_key).toBe('kept');
  });

  test.each([
    ['/a?token=abc&x=1', '/a?token=[redacted]&x=1'],
    ['/a?ToKeN=abc', '/a?ToKeN=[redacted]'],
    ['/a?%74oken=abc', '/a?%74oken=[redacted]'],
    ['/a?authorization=Bearer%20abc', '/a?authorization=[redacted]'],
    ['/a?q=Bearer+abc', '/a?q=[redacted]'],
    ['/a?js_code=c&secret=s&appid=wx1', '/a?js_code=[redacted]&secret=[redacted]&appid=wx1'],
    ['/a?x=%zz&page=2', '/a?x=%zz&page=2'],
    ['/a', '/a'],
  ])('the URL %s is logged as %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('the access line', () => {
  test('is the line pino writes for the request, one per request, its URL redacted', async () => {
    const lines: string[] = [];
    const sink = { write: (line: string) => lines.push(line) };
    const app = Fastify({ logger: loggerOptions(sink), logController: new AccessLog(sink) });
    // The reference: pino's own line for what the access line holds, through the request's logger.
    app.get('/me', async (request, reply) => {
      request.log.info({ req: request, res: reply, responseTime: 0 }, 'request completed');
      return { ok: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const before = lines.length;
    await (await fetch(`${url}/me?x=1&token=T-SECRET`)).text();
    await app.close();

    const requestLines = lines.slice(before).filter((line) => line.includes('"reqId"'));
    expect(requestLines).toHaveLength(2);
    const [byPino, access] = requestLines.map((line) => ({ ...JSON.parse(line), time: 0, responseTime: 0 }) as Record<string, unknown>);
    expect(JSON.stringify(access)).toBe(JSON.stringify(byPino));
    expect(access).toMatchObject({ level: 30, pid: process.pid, req: { method: 'GET', url: '/me?x=1&token=[redacted]', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 } });
    expect(lines.join('')).not.toContain('T-SECRET');
    expect(requestLines.every((line) => line.endsWith('}\n'))).toBe(true);
  });

  test('lines of one turn of the event loop leave in one write, in order, and none is held past it', async () => {
    const writes: string[] = [];
    const sink = batchedLines({ write: (chunk: string) => writes.push(chunk) });
    sink.write('a\n');
    sink.write('b\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['a\nb\n']);
    sink.write('c\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });
});
