/** Turning a raw response body into JSON or a typed error; shared by the HTTP client and the auth client. */
import { RequestError } from './errors';
import type { RawResponse } from './transport';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * wx.request leaves a body it could not parse as a string, and wx.uploadFile always returns a string.
 * An empty body (204) decodes to undefined.
 */
export function decodeJson(data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof data !== 'string') return { ok: true, value: data };
  if (data.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(data) };
  } catch {
    return { ok: false };
  }
}

/** The contract's `{ error: { code, message } }`, when the server sent one. */
function contractError(data: unknown): { code: string; message: string } | null {
  const decoded = decodeJson(data);
  if (!decoded.ok || !isRecord(decoded.value)) return null;
  const { error } = decoded.value;
  if (!isRecord(error) || typeof error.code !== 'string') return null;
  return { code: error.code, message: typeof error.message === 'string' ? error.message : error.code };
}

export function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** A non-2xx response as a RequestError; 401 is `unauthorized`, everything else `http`. */
export function statusError(response: RawResponse): RequestError {
  const sent = contractError(response.data);
  const kind = response.statusCode === 401 ? 'unauthorized' : 'http';
  return new RequestError(kind, sent?.message ?? `HTTP ${response.statusCode}`, {
    statusCode: response.statusCode,
    code: sent?.code ?? null,
  });
}

/** The JSON body of a 2xx response, or throws a RequestError. */
export function successBody(response: RawResponse): unknown {
  if (!isSuccess(response.statusCode)) throw statusError(response);
  const decoded = decodeJson(response.data);
  if (!decoded.ok) {
    throw new RequestError('parse', 'response body is not JSON', { statusCode: response.statusCode });
  }
  return decoded.value;
}

export { isRecord };
