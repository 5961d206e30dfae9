/**
 * The authenticated HTTP client: JSON in and out, the session's token where the backend wants it, and
 * the one recovery path for an expired login (drop that token, log in again through the session's single
 * flight, replay once).
 */
import type { Authorize } from './config';
import { RequestError } from './errors';
import type { HttpMethod, RequestBody, Transport } from './transport';

/** One JSON call. */
export interface RequestOptions {
  /** Relative to the base URL; may carry a query. */
  path: string;
  /** Default GET; PATCH travels as POST with `X-HTTP-Method-Override: PATCH`. */
  method?: HttpMethod;
  /** Sent as JSON when an object or array (the `Content-Type` is JSON unless `header` says otherwise). */
  data?: RequestBody;
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
  transport: Transport;
  tokens: TokenSource;
  /** Where the token goes (config.ts). */
  authorize: Authorize;
}

/** Promise-based requests and uploads; they resolve with the payload or reject with a RequestError. */
export interface Http {
  request<T>(options: RequestOptions): Promise<T>;
  upload<T>(options: UploadOptions): Promise<T>;
}

type Send = (path: string, header: Record<string, string>) => Promise<unknown>;

/** The HTTP client over `deps`. */
export function createHttp({ transport, tokens, authorize }: HttpDeps): Http {
  function currentToken(): Promise<string> {
    return tokens.ensureLogin().then(() => {
      const token = tokens.getToken();
      // Possible only if a logout landed between the login and this line.
      if (token === null) throw new RequestError('unauthorized', 'no session token after login');
      return token;
    });
  }

  function sendWith(token: string, path: string, send: Send): Promise<unknown> {
    const placed = authorize(path, token);
    return send(placed.path, placed.header);
  }

  function perform(auth: boolean | undefined, path: string, send: Send): Promise<unknown> {
    if (auth === false) return send(path, {});
    return currentToken().then((token) =>
      sendWith(token, path, send).catch((error: unknown) => {
        if (!(error instanceof RequestError) || error.kind !== 'unauthorized' || !tokens.invalidate(token)) throw error;
        return currentToken().then((fresh) => sendWith(fresh, path, send));
      }),
    );
  }

  return {
    request: <T>({ auth, path, method = 'GET', data, timeout, header }: RequestOptions) =>
      perform(auth, path, (placedPath, authHeader) =>
        transport.send({
          path: placedPath,
          method,
          data,
          timeout,
          header: Object.assign({ 'Content-Type': 'application/json' }, header, authHeader),
        }),
      ) as Promise<T>,
    upload: <T>({ auth, path, filePath, name, formData, timeout }: UploadOptions) =>
      perform(auth, path, (placedPath, header) => transport.upload({ path: placedPath, filePath, name, formData, header, timeout })) as Promise<T>,
  };
}
