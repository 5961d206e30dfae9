import os from 'node:os';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

export interface LogSink {
  write(line: string): void;
}

/**
 * Query parameter names that carry credentials, in any casing: a client's misplaced `?token=` or
 * `?authorization=`, and the emulator's WeChat routes (secret, js_code, access_token), served by this server.
 */
const SECRET_NAME = /token|auth|secret|pass|key|sig|code|session|credential|bearer/i;
/** A bearer credential under any name. */
const SECRET_VALUE = /^\s*bearer\b/i;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function redactParameter(parameter: string): string {
  const equals = parameter.indexOf('=');
  const name = equals === -1 ? parameter : parameter.slice(0, equals);
  if (equals === -1 || (!SECRET_NAME.test(decoded(name)) && !SECRET_VALUE.test(decoded(parameter.slice(equals + 1))))) return parameter;
  return `${name}=[redacted]`;
}

/** The URL with every credential-like query value replaced; path and other parameters kept for the reader. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  return `${url.slice(0, question)}?${url.slice(question + 1).split('&').map(redactParameter).join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

/** Keys whose values never reach the log, one level into anything logged (what pino's `*.key` redact paths mean). */
const SECRET_KEYS = ['session_key', 'sessionKey', 'secret', 'token', 'access_token', 'authorization', 'cookie'];
const CENSOR = '[redacted]';

/** The value with its secret keys censored: a copy (same prototype, so an Error stays an Error) only when it has one. */
function censored(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of SECRET_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    copy ??= Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
    copy[key] = CENSOR;
  }
  return copy ?? value;
}

/**
 * pino's formatters.log: censors SECRET_KEYS in every top-level value of a log line. The same rule as redact
 * paths `*.session_key` etc., checked directly: pino's redact clones each logged object and cost four times
 * the rest of the line (a tenth of an authenticated GET) for keys that are almost never there.
 */
export function censorSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(line)) {
    const value = line[key];
    const clean = censored(value);
    if (clean === value) continue;
    out ??= { ...line };
    out[key] = clean;
  }
  return out ?? line;
}

/**
 * Lines given in one turn of the event loop leave in one write, so a busy server makes one system call for
 * many requests, in the main thread (pino's default destination hands each write to the thread pool: the
 * hand-off cost more than the write). Nothing is held past the turn, and what is pending at exit is written.
 */
export function batchedLines(out: { write(chunk: string): unknown }): LogSink {
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    out.write(chunk);
  };
  process.once('exit', flush);
  return {
    write(line) {
      if (pending === '') setImmediate(flush);
      pending += line;
    },
  };
}

/** pino's base fields, set here so that pino's lines and the access line carry the same. */
const BASE = { pid: process.pid, hostname: os.hostname() };
const INFO = 30;

/**
 * Fastify's logger with nothing secret in it: requests are logged as method, URL (credential-like query values
 * censored) and address only, never their headers, and secret keys in anything else logged are censored.
 * The level is fixed at info: the access line (AccessLog) is written at that level.
 */
export function loggerOptions(sink: LogSink): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: 'info',
    base: BASE,
    stream: sink,
    formatters: { log: censorSecrets },
    serializers: {
      req(request: LoggedRequest) {
        return { method: request.method, url: redactUrl(request.url ?? ''), remoteAddress: request.ip };
      },
    },
  };
}

const LINE_START = `{"level":${INFO},"time":`;
const LINE_BASE = `,"pid":${BASE.pid},"hostname":${JSON.stringify(BASE.hostname)},"reqId":`;

/**
 * One access line per request, when its answer is sent: Fastify's default writes two (incoming and
 * completed). A completed request's line is written here, not through pino: pino's generic path (serializers,
 * the censoring formatter, a stringify per value, the write) was a fifth of an authenticated GET, for a line
 * whose fields are known and hold nothing secret (the URL is redacted as loggerOptions' serializer does). It is
 * the line pino writes for `{ req, res, responseTime }` (test/server/logging.test.ts holds them equal). Errors
 * go through pino, with the error's secret keys censored.
 */
export class AccessLog extends LogController {
  constructor(private readonly sink: LogSink) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ req: request, res: reply, responseTime: reply.elapsedTime, err: error }, 'request errored');
      return;
    }
    const address = request.ip === undefined ? '' : `,"remoteAddress":${JSON.stringify(request.ip)}`;
    this.sink.write(
      `${LINE_START}${Date.now()}${LINE_BASE}${JSON.stringify(request.id)},"req":{"method":${JSON.stringify(request.method)},"url":${JSON.stringify(redactUrl(request.url))}${address}},"res":{"statusCode":${reply.statusCode}},"responseTime":${reply.elapsedTime},"msg":"request completed"}\n`,
    );
  }
}
