import { EXE_BYTES, PNG_BYTES, multipartBody } from './images';

/** mulberry32: a small seeded generator, so a failing request can be generated again from its seed and index. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Credentials {
  /** A live token of the suite's user. */
  token: string;
}

export interface HostileRequest {
  /** What was generated, for the failure message. */
  label: string;
  bytes: Buffer;
  method: string;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Strings that have broken parsers, databases, logs or displays somewhere. */
const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  'x'.repeat(129),
  'x'.repeat(5000),
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: a=b',
  '\u200b',
  '\u3164',
  '\u2800',
  '\u00ad',
  '\u2060',
  '\u202eabc',
  '\ufeff',
  '😀'.repeat(40),
  '👨‍👩‍👧',
  '\u0301',
  'ﷺ',
  '𒐫',
  '%00',
  '%s%n%x',
  '${7*7}',
  '{{7*7}}',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '"; select pg_sleep(0); --',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '1e309',
  'https://',
  'http://[::1',
  'https://example.com/a b',
  'https://example.com/\u0000',
  'https://' + 'a'.repeat(1100),
  'ftp://example.com/a.png',
  'data:image/png;base64,AAAA',
  'AAAA',
  'AAAAAAAAAAAAAAAAAAAAAA==',
  '====',
];

/** JSON texts that are not what a route expects, as raw text (some are not valid JSON at all). */
function hostileJsonValue(random: Random): string {
  const raw: readonly string[] = [
    'null',
    'true',
    '0',
    '-1',
    '1e309',
    '1.5',
    '[]',
    '{}',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u0000"',
    '{"a":1}',
    '['.repeat(200) + ']'.repeat(200),
    '{"__proto__":{"admin":true}}',
  ];
  if (random() < 0.55) return JSON.stringify(pick(random, HOSTILE_STRINGS));
  return pick(random, raw);
}

function jsonObject(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([name, value]) => `${JSON.stringify(name)}:${value}`)
    .join(',')}}`;
}

/** A body for a JSON route: the right fields with wrong values, wrong fields, or not JSON at all. */
function jsonBody(random: Random, fields: readonly string[]): Buffer {
  const value = () => hostileJsonValue(random);
  const shapes: (() => string | Buffer)[] = [
    () => jsonObject({ [pick(random, fields)]: value() }),
    () => jsonObject(Object.fromEntries(fields.map((name) => [name, value()]))),
    () => jsonObject({ [pick(random, fields)]: value(), isAdmin: 'true' }),
    () => jsonObject({ __proto__: '{"isAdmin":true}', [pick(random, fields)]: value() }),
    () => `{"${pick(random, fields)}":"a","${pick(random, fields)}":${value()}}`,
    () => value(),
    () => `{"${pick(random, fields)}":`,
    () => `{${pick(random, fields)}: 'single'}`,
    () => `\ufeff${jsonObject({ [pick(random, fields)]: value() })}`,
    () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    () => `{"${pick(random, fields)}":"${'y'.repeat(70_000)}"}`,
    () => '',
    () => 'code=abc',
  ];
  const body = pick(random, shapes)();
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** Multipart bodies of every broken shape, and a few well-formed ones with the wrong content. */
function multipart(random: Random): { contentType: string; body: Buffer } {
  const boundary = pick(random, ['B0UNDARY', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'a'.repeat(70)]);
  const part = (bytes: Buffer, options: Parameters<typeof multipartBody>[2] = {}) => multipartBody(boundary, bytes, options);
  const png = part(PNG_BYTES);
  const shapes: (() => { contentType?: string; body: Buffer })[] = [
    () => ({ contentType: 'multipart/form-data', body: png }),
    () => ({ contentType: 'multipart/form-data; boundary=', body: png }),
    () => ({ contentType: 'multipart/form-data; boundary=MISMATCH', body: png }),
    () => ({ body: png.subarray(0, png.indexOf('filename')) }),
    () => ({ body: png.subarray(0, png.length - 1 - Math.floor(random() * 30)) }),
    () => ({ body: Buffer.from(`--${boundary}--\r\n`) }),
    () => ({ body: Buffer.from('\u0000\u0001garbage') }),
    () => ({ body: part(EXE_BYTES) }),
    () => ({ body: part(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), { type: 'image/svg+xml' }) }),
    () => ({ body: part(Buffer.alloc(0)) }),
    () => ({ body: part(PNG_BYTES.subarray(0, 4)) }),
    () => ({ body: part(PNG_BYTES, { field: 'image' }) }),
    () => ({ body: part(PNG_BYTES, { field: '__proto__' }) }),
    () => ({ body: part(PNG_BYTES, { field: 'constructor' }) }),
    () => ({ body: Buffer.concat([part(EXE_BYTES).subarray(0, -`--${boundary}--\r\n`.length), part(EXE_BYTES).subarray(2)]) }),
    () => ({ body: Buffer.concat(Array.from({ length: 12 }, () => part(Buffer.from('v'), { field: 'f', filename: 'f' }))) }),
    () => ({
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\n${'t'.repeat(2000)}\r\n--${boundary}--\r\n`),
    }),
    () => ({ body: Buffer.from(`--${boundary}\r\nContent-Type: image/png\r\n\r\n${PNG_BYTES.toString('latin1')}\r\n--${boundary}--\r\n`, 'latin1') }),
    () => ({ body: part(Buffer.concat([PNG_BYTES, Buffer.alloc(2 * 1024 * 1024 + 1 - PNG_BYTES.length, 1)])) }),
    () => ({ contentType: `multipart/mixed; boundary=${boundary}`, body: part(EXE_BYTES) }),
    () => ({ contentType: `multipart/form-data; boundary="${boundary}"; charset=utf-16`, body: part(EXE_BYTES, { filename: '../../../../etc/passwd' }) }),
    () => ({ body: part(EXE_BYTES, { filename: '\u202egnp.exe', type: 'image/png' }) }),
    () => ({ body: part(EXE_BYTES, { filename: 'a.png"\r\nContent-Type: text/html' }) }),
  ];
  const shape = pick(random, shapes)();
  return { contentType: shape.contentType ?? `multipart/form-data; boundary=${boundary}`, body: shape.body };
}

interface Target {
  method: string;
  path: string;
  body: 'none' | 'json' | 'multipart';
  fields: readonly string[];
  authenticated: boolean;
}

const TARGETS: readonly Target[] = [
  { method: 'POST', path: '/api/auth/login', body: 'json', fields: ['code', 'appid'], authenticated: false },
  { method: 'POST', path: '/api/auth/logout', body: 'none', fields: [], authenticated: true },
  { method: 'GET', path: '/api/user/me', body: 'none', fields: [], authenticated: true },
  { method: 'PATCH', path: '/api/user/me', body: 'json', fields: ['nickName', 'avatarUrl'], authenticated: true },
  { method: 'POST', path: '/api/user/avatar', body: 'multipart', fields: [], authenticated: true },
  { method: 'POST', path: '/api/user/phone', body: 'json', fields: ['code', 'encryptedData', 'iv'], authenticated: true },
  { method: 'GET', path: '/uploads/00000000000000000000000000000000.png', body: 'none', fields: [], authenticated: false },
  { method: 'GET', path: '/api/health', body: 'none', fields: [], authenticated: false },
  { method: 'GET', path: '/api/openapi.json', body: 'none', fields: [], authenticated: false },
];

const ODD_PATHS: readonly string[] = [
  '/api//user/me',
  '/api/user/me/',
  '/API/USER/ME',
  '/api/user/me;a=b',
  '/api/user/%6De',
  '/api/user/me%00',
  '/api/%zz',
  '/api/user/me?a=%zz',
  '/api/user/me?__proto__[admin]=1&constructor=1',
  '/api/user/me?token=aaaaaaaaaaaaaaaaaaaaaaaa',
  '/api/user/me#fragment',
  '/api/user/../user/me',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/uploads/..%2F..%2Fetc%2Fpasswd',
  '/uploads/%00.png',
  '/uploads/.0000000000000000000000000000000.partial',
  `/uploads/${'a'.repeat(400)}.png`,
  `/api/health?${'q'.repeat(6000)}`,
  '/api/ü/ñ',
  '*',
  'http://evil.example/api/health',
  '/__proto__',
  '/api/user/me\\..\\..',
];

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'get'];

const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  '*/*',
  'json',
  '',
];

function authorization(random: Random, credentials: Credentials): [string, string][] {
  const options: [string, string][][] = [
    [],
    [['Authorization', `Bearer ${credentials.token}`]],
    [['Authorization', `Bearer ${credentials.token}`], ['Authorization', 'Bearer aaaaaaaaaaaaaaaaaaaaaaaa']],
    [['Authorization', 'Bearer aaaaaaaaaaaaaaaaaaaaaaaa']],
    [['Authorization', `Bearer ${credentials.token}x`]],
    [['Authorization', `Basic ${Buffer.from('admin:admin').toString('base64')}`]],
    [['Authorization', 'Bearer']],
    [['Authorization', `Bearer ${credentials.token} ${credentials.token}`]],
    [['Authorization', `Bearer ${'a'.repeat(200)}`]],
    [['Authorization', "Bearer ' OR 1=1 --"]],
    [['authorization', `BEARER ${credentials.token}`]],
  ];
  return pick(random, options);
}

function extraHeaders(random: Random): [string, string][] {
  const options: [string, string][][] = [
    [],
    [],
    [['X-HTTP-Method-Override', pick(random, ['PATCH', 'DELETE', 'GET', 'PATCH, DELETE', ' patch ', '', 'PUT'])]],
    [['X-Forwarded-For', '203.0.113.9, 10.0.0.1'], ['X-Forwarded-Host', 'evil.example'], ['X-Forwarded-Proto', 'gopher']],
    [['Expect', '100-continue']],
    [['Expect', 'foo']],
    [['Accept', 'text/html']],
    [['Accept-Encoding', 'gzip, br, zstd']],
    [['Cookie', 'session=abc; token=def']],
    [['X-Filler', 'f'.repeat(20_000)]],
    [['X-Bad', 'a\u0001b']],
    [['Content-Encoding', 'gzip']],
    [['Origin', 'https://evil.example']],
    [['Host', 'second.example']],
  ];
  return pick(random, options);
}

type Framing = 'length' | 'chunked' | 'both' | 'http10';

function serialize(method: string, target: string, headers: [string, string][], body: Buffer, framing: Framing, host: boolean): Buffer {
  const version = framing === 'http10' ? 'HTTP/1.0' : 'HTTP/1.1';
  const lines = [`${method} ${target} ${version}`];
  if (host) lines.push('Host: 127.0.0.1');
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (framing === 'chunked' || framing === 'both') lines.push('Transfer-Encoding: chunked');
  if (framing !== 'chunked') lines.push(`Content-Length: ${body.length}`);
  lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  if (framing !== 'chunked' && framing !== 'both') return Buffer.concat([head, body]);
  const chunks = body.length === 0 ? [] : [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')];
  return Buffer.concat([head, ...chunks, Buffer.from('0\r\n\r\n')]);
}

/** One generated request: a route (or an odd URL), a method, credentials, headers, body and framing. */
export function hostileRequest(random: Random, credentials: Credentials, index: number): HostileRequest {
  const route = pick(random, TARGETS);
  const oddUrl = random() < 0.15;
  const method = random() < 0.2 ? pick(random, METHODS) : route.method;
  const path = oddUrl ? pick(random, ODD_PATHS) : route.path;
  const headers: [string, string][] = [...(route.authenticated || random() < 0.2 ? authorization(random, credentials) : []), ...extraHeaders(random)];
  let body: Buffer = Buffer.alloc(0);
  if (route.body === 'multipart' || (route.body === 'json' && random() < 0.1)) {
    const form = multipart(random);
    headers.push(['Content-Type', form.contentType]);
    body = form.body;
  } else if (route.body === 'json' || random() < 0.15) {
    const contentType = random() < 0.75 ? 'application/json' : pick(random, CONTENT_TYPES);
    if (contentType !== '') headers.push(['Content-Type', contentType]);
    body = jsonBody(random, route.fields.length > 0 ? route.fields : ['code']);
  }
  const framing: Framing = pick(random, ['length', 'length', 'length', 'length', 'length', 'chunked', 'both', 'http10']);
  const host = random() > 0.05;
  const label = `#${index} ${method} ${path.slice(0, 80)} [${headers.map(([name, value]) => `${name}: ${value.slice(0, 40)}`).join(' | ')}] ${framing}${host ? '' : ' no-Host'} body ${body.length} B: ${JSON.stringify(body.subarray(0, 80).toString('latin1'))}`;
  return { label, method, bytes: serialize(method, path, headers, body, framing, host) };
}
