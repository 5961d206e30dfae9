/**
 * Frames of the automator wire protocol (docs/automator.md): requests `{id, method, params}`, replies
 * `{id, result}` or `{id, error: {message}}`, events `{method, params}` with no id. The client crashes on a
 * non-JSON frame and on an id-less "error" event, so everything sent goes through `encode*` here.
 */

export type Params = Record<string, unknown>;
export type Result = Record<string, unknown>;

/** The client sends uuid strings; a number is echoed back as a number. */
export type RequestId = string | number;

export interface Request {
  id: RequestId;
  method: string;
  params: Params;
}

/** A failure the caller caused or that needs DevTools: its message goes back to the client as is. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Decoded =
  | { kind: 'request'; request: Request }
  | { kind: 'invalid'; id: RequestId | null; message: string };

export function decodeRequest(text: string): Decoded {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'invalid', id: null, message: 'frame is not JSON' };
  }
  if (!isRecord(frame)) return { kind: 'invalid', id: null, message: 'frame is not a JSON object' };
  const { id, method, params } = frame;
  // A falsy id would make the reply look like an event to the client, so such frames get no reply.
  if ((typeof id !== 'string' && typeof id !== 'number') || id === '' || id === 0) {
    return { kind: 'invalid', id: null, message: 'request has no id' };
  }
  const replyId: RequestId = id;
  if (typeof method !== 'string' || method === '') {
    return { kind: 'invalid', id: replyId, message: 'request has no method' };
  }
  if (params !== undefined && params !== null && !isRecord(params)) {
    return { kind: 'invalid', id: replyId, message: `${method}: params must be an object` };
  }
  return { kind: 'request', request: { id: replyId, method, params: params ?? {} } };
}

export function encodeResult(id: RequestId, result: Result): string {
  return JSON.stringify({ id, result: toWire(result) });
}

export function encodeError(id: RequestId, message: string): string {
  return JSON.stringify({ id, error: { message } });
}

/** Only the events the client listens for; "error" is not one, so it cannot be sent by mistake. */
export type EventName = 'App.logAdded' | 'App.exceptionThrown' | 'App.bindingCalled';

export function encodeEvent(method: EventName, params: Result): string {
  return JSON.stringify({ method, params: toWire(params) });
}

/**
 * A JSON-safe copy of whatever the mini-program returned: functions and undefined dropped (as JSON does),
 * cycles cut, bigint as a string, errors as {name, message}.
 */
export function toWire(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (value instanceof Date) return value.toISOString();
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return {};
    if (Array.isArray(value)) return value.map((item) => toWire(item, seen) ?? null);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const wired = toWire(item, seen);
      if (wired !== undefined) copy[key] = wired;
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
