/** Turning a raw response into the payload or a typed error, by the backend's own rules (config.ts `answer`). */
import { RequestError } from './errors';
import type { RawResponse } from './transport';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** The default backend's rule: 2xx is the payload as it is; otherwise `{error: {code, message}}` when sent. */
export const contractAnswer: AnswerReader = ({ statusCode, body }) => {
  if (isSuccess(statusCode)) return { ok: true, data: body };
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : null;
  return { ok: false, code, message: typeof error.message === 'string' ? error.message : code };
};

/**
 * The payload of `response` by `read`'s rules, or throws a RequestError (`unauthorized` when expired).
 * wx.request leaves a body it could not parse as a string, and wx.uploadFile always returns a string; an
 * empty body (204) decodes to undefined.
 */
export function judge({ statusCode, data }: RawResponse, read: AnswerReader): unknown {
  let body = data;
  if (typeof data === 'string') {
    try {
      body = data.trim() === '' ? undefined : JSON.parse(data);
    } catch {
      if (isSuccess(statusCode)) throw new RequestError('parse', 'response body is not JSON', { statusCode });
    }
  }
  const verdict = read({ statusCode, body });
  if (verdict.ok) return verdict.data;
  const expired = statusCode === 401 || verdict.expired === true;
  throw new RequestError(expired ? 'unauthorized' : 'http', verdict.message ?? (expired ? 'login expired' : `HTTP ${statusCode}`), {
    statusCode,
    code: verdict.code,
  });
}
