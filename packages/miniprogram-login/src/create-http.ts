/**
 * The authenticated HTTP client: JSON in and out, the session's token where the backend wants it, and
 * the one recovery path for an expired login (drop that token, log in again through the session's single
 * flight, replay once).
 */
import { judge, type AnswerReader } from './body';
import { RequestError } from './errors';
import type { Limiter } from './limiter';
import { createTransport, type HttpMethod, type RawResponse, type TransportWx } from './transport';

/** One JSON call. */
export interface RequestOptions {
  /** Relative to the base URL; may carry a query. */
  path: string;
  /** Default GET; PATCH travels as POST with `X-HTTP-Method-Override: PATCH`. */
  method?: HttpMethod;
  data?: unknown;
  /** Send the session token (and wait for login first). Default true. */
  auth?: boolean;
  timeout?: number;
  header?: Record<string, string>;
}

/** One wx.uploadFile call. */
export interface UploadOptions {
  path: string;
  filePath: string;
  /** The multipart field of the file. */
  name: string;
  formData?: Record<string, string>;
  /** Default true, as for requests. */
  auth?: boolean;
  timeout?: number;
}

/** What the HTTP client needs from the session; the session never needs the HTTP client back. */
export interface TokenSource {
  /** The current token, or null. */
  getToken(): string | null;
  /** Resolves once a token is available (joining any login already under way); rejects with RequestError. */
  ensureLogin(): Promise<void>;
  /**
   * The server refused `token`: forget it, but only if it is still the current one. False when the user
   * logged out since that token was sent: the caller must not log them in again behind their back.
   */
  invalidate(token: string): boolean;
}

/** What createHttp is built from. */
export interface HttpDeps {
  wx: TransportWx;
  baseUrl: string;
  tokens: TokenSource;
  limiter: Limiter;
  /** Where the token goes (config.ts). */
  authorize: (path: string, token: string) => { path: string; header: Record<string, string> };
  /** What an answer means (body.ts). */
  answer: AnswerReader;
}

/** Promise-based requests and uploads; they resolve with the payload or reject with a RequestError. */
export interface Http {
  request<T>(options: RequestOptions): Promise<T>;
  upload<T>(options: UploadOptions): Promise<T>;
}

type Send = (path: string, header: Record<string, string>) => Promise<RawResponse>;

/** The HTTP client over `deps`. */
export function createHttp({ wx, baseUrl, tokens, limiter, authorize, answer }: HttpDeps): Http {
  const transport = createTransport({ wx, baseUrl, limiter });

  async function currentToken(): Promise<string> {
    await tokens.ensureLogin();
    const token = tokens.getToken();
    // Possible only if a logout landed between the login and this line.
    if (token === null) throw new RequestError('unauthorized', 'no session token after login');
    return token;
  }

  async function sendWith(token: string, path: string, send: Send): Promise<unknown> {
    const placed = authorize(path, token);
    return judge(await send(placed.path, placed.header), answer);
  }

  async function withAuth(path: string, send: Send): Promise<unknown> {
    const token = await currentToken();
    try {
      return await sendWith(token, path, send);
    } catch (error) {
      if (!(error instanceof RequestError) || error.kind !== 'unauthorized' || !tokens.invalidate(token)) throw error;
    }
    return sendWith(await currentToken(), path, send);
  }

  async function perform(auth: boolean | undefined, path: string, send: Send): Promise<unknown> {
    return auth ?? true ? withAuth(path, send) : judge(await send(path, {}), answer);
  }

  return {
    async request<T>(options: RequestOptions): Promise<T> {
      const method = options.method ?? 'GET';
      return (await perform(options.auth, options.path, (path, authHeader) =>
        transport.send({
          path,
          method,
          data: options.data,
          header: { 'Content-Type': 'application/json', ...options.header, ...authHeader },
          ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        }),
      )) as T;
    },
    async upload<T>(options: UploadOptions): Promise<T> {
      return (await perform(options.auth, options.path, (path, authHeader) =>
        transport.upload({
          path,
          filePath: options.filePath,
          name: options.name,
          header: authHeader,
          ...(options.formData === undefined ? {} : { formData: options.formData }),
          ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        }),
      )) as T;
    },
  };
}
