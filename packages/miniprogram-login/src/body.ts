/** Turning a raw response into the payload or a typed error, by the backend's own rules (config.ts `answer`). */
import { RequestError } from './errors';
import type { RawResponse } from './transport';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
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

/** A backend's answer: the status and the body, decoded from JSON when it was JSON (else the raw text). */
export interface Answer {
  statusCode: number;
  body: unknown;
}

/**
 * What an answer means: the payload, or a failure. `expired` marks "the login has expired" (HTTP 401
 * always does), which triggers the one re-login and one replay.
 */
export type Verdict = { ok: true; data: unknown } | { ok: false; expired?: boolean; code?: string | null; message?: string | null };

/** Reads a backend's answers (see {@link Verdict}). */
export type AnswerReader = (answer: Answer) => Verdict;

/** True for 2xx. */
export function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** The default backend's rule: 2xx is the payload as it is; otherwise `{error: {code, message}}` when sent. */
export const contractAnswer: AnswerReader = ({ statusCode, body }) => {
  if (isSuccess(statusCode)) return { ok: true, data: body };
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = error !== null && typeof error.code === 'string' ? error.code : null;
  const message = error !== null && typeof error.message === 'string' ? error.message : code;
  return { ok: false, code, message };
};

/** The payload of `response` by `read`'s rules, or throws a RequestError (`unauthorized` when expired). */
export function judge(response: RawResponse, read: AnswerReader): unknown {
  const { statusCode } = response;
  const decoded = decodeJson(response.data);
  if (!decoded.ok && isSuccess(statusCode)) throw new RequestError('parse', 'response body is not JSON', { statusCode });
  const verdict = read({ statusCode, body: decoded.ok ? decoded.value : response.data });
  if (verdict.ok) return verdict.data;
  const expired = statusCode === 401 || verdict.expired === true;
  return fail(expired, statusCode, verdict);
}

function fail(expired: boolean, statusCode: number, verdict: { code?: string | null; message?: string | null }): never {
  throw new RequestError(expired ? 'unauthorized' : 'http', verdict.message ?? (expired ? 'login expired' : `HTTP ${statusCode}`), {
    statusCode,
    code: verdict.code ?? null,
  });
}
