import type { FastifyServerOptions } from 'fastify';

export interface LogSink {
  write(line: string): void;
}

/** Query parameters that carry credentials (the emulator's WeChat routes are served by this same server). */
const SECRET_QUERY = /([?&](?:secret|access_token|js_code|session_key|code)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

/** Fastify's logger with nothing secret in it: no Authorization header, no credential in a URL, no session_key. */
export function loggerOptions(sink: LogSink | undefined): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: 'info',
    ...(sink === undefined ? {} : { stream: sink }),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.session_key',
        '*.sessionKey',
        '*.secret',
        '*.token',
        '*.access_token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: LoggedRequest) {
        return { method: request.method, url: redactUrl(request.url ?? ''), remoteAddress: request.ip };
      },
    },
  };
}
