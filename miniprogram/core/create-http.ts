/**
 * The authenticated HTTP client: JSON in and out, `Authorization: Bearer` from the session, and the one
 * 401 recovery path (drop that token, log in again through the session's single flight, replay once).
 */
import { RequestError } from './errors';
import { successBody } from './body';
import type { Limiter } from './limiter';
import { createTransport, type HttpMethod, type RawResponse, type TransportWx } from './transport';

export interface RequestOptions {
  path: string;
  method?: HttpMethod;
  data?: unknown;
  /** Send the session token (and wait for login first). Default true. */
  auth?: boolean;
  timeout?: number;
  header?: Record<string, string>;
}

export interface UploadOptions {
  path: string;
  filePath: string;
  name: string;
  formData?: Record<string, string>;
  auth?: boolean;
  timeout?: number;
}

/** What the HTTP client needs from the session; the session never needs the HTTP client back. */
export interface TokenSource {
  getToken(): string | null;
  /** Resolves once a token is available (joining any login already under way); rejects with RequestError. */
  ensureLogin(): Promise<void>;
  /**
   * The server refused `token`: forget it, but only if it is still the current one. False when the user
   * logged out since that token was sent: the caller must not log them in again behind their back.
   */
  invalidate(token: string): boolean;
}

export interface HttpDeps {
  wx: TransportWx;
  baseUrl: string;
  tokens: TokenSource;
  limiter: Limiter;
}

export interface Http {
  request<T>(options: RequestOptions): Promise<T>;
  upload<T>(options: UploadOptions): Promise<T>;
}

export function createHttp({ wx, baseUrl, tokens, limiter }: HttpDeps): Http {
  const transport = createTransport({ wx, baseUrl, limiter });

  async function currentToken(): Promise<string> {
    await tokens.ensureLogin();
    const token = tokens.getToken();
    // Possible only if a logout landed between the login and this line.
    if (token === null) throw new RequestError('unauthorized', 'no session token after login');
    return token;
  }

  async function withAuth(send: (header: Record<string, string>) => Promise<RawResponse>): Promise<RawResponse> {
    const token = await currentToken();
    const first = await send({ Authorization: `Bearer ${token}` });
    if (first.statusCode !== 401 || !tokens.invalidate(token)) return first;
    const fresh = await currentToken();
    return send({ Authorization: `Bearer ${fresh}` });
  }

  function perform(auth: boolean, send: (header: Record<string, string>) => Promise<RawResponse>): Promise<RawResponse> {
    return auth ? withAuth(send) : send({});
  }

  return {
    async request<T>(options: RequestOptions): Promise<T> {
      const method = options.method ?? 'GET';
      const response = await perform(options.auth ?? true, (authHeader) =>
        transport.send({
          path: options.path,
          method,
          data: options.data,
          header: { 'Content-Type': 'application/json', ...options.header, ...authHeader },
          ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        }),
      );
      return successBody(response) as T;
    },
    async upload<T>(options: UploadOptions): Promise<T> {
      const response = await perform(options.auth ?? true, (authHeader) =>
        transport.upload({
          path: options.path,
          filePath: options.filePath,
          name: options.name,
          header: authHeader,
          ...(options.formData === undefined ? {} : { formData: options.formData }),
          ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        }),
      );
      return successBody(response) as T;
    },
  };
}
