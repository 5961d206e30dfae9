/**
 * An in-memory HTTP server for the fake `wx` (see fake-wx.ts for the full API). Routes are
 * `(request) => outcome` handlers; an outcome is a response `{ statusCode, data }` or a transport
 * failure `{ fail: errMsg }`, returned directly or as a promise (which may be delayed or never settle).
 */

export type NetworkApi = 'request' | 'uploadFile';

export interface FakeRequest {
  api: NetworkApi;
  url: string;
  /** URL path without the query, e.g. `/api/user/me`. */
  path: string;
  query: Record<string, string>;
  /** What went over the wire (wx.request has no PATCH). */
  wireMethod: string;
  /** The method after `X-HTTP-Method-Override`; what routes match on. */
  method: string;
  header: Record<string, string>;
  /** JSON body for request; for uploadFile the formData. */
  data: unknown;
  filePath: string | null;
  fileField: string | null;
  timeout: number | null;
}

export interface FakeResponse {
  statusCode: number;
  data?: unknown;
  header?: Record<string, string>;
}

export interface FakeFailure {
  fail: string;
}

export type FakeOutcome = FakeResponse | FakeFailure;

export type RouteHandler = (request: FakeRequest) => FakeOutcome | Promise<FakeOutcome>;

export interface FakeServer {
  /** Adds or replaces the handler for `METHOD path` (exact path, no query). */
  route(method: string, path: string, handler: RouteHandler): this;
  /** Handles everything no route matches; default: 404 with a contract-style error body. */
  fallback(handler: RouteHandler): this;
  /** While down, every call fails at the transport level (`request:fail ...`) before reaching a route. */
  setDown(down: boolean): this;
  handle(request: FakeRequest): Promise<FakeOutcome>;
}

export function isFailure(outcome: FakeOutcome): outcome is FakeFailure {
  return 'fail' in outcome;
}

export function json(statusCode: number, data?: unknown): FakeResponse {
  return data === undefined ? { statusCode } : { statusCode, data };
}

export function errorResponse(statusCode: number, code: string, message: string = code): FakeResponse {
  return { statusCode, data: { error: { code, message } } };
}

export function networkFailure(errMsg = 'request:fail errcode:-101 cronet_error_code:-101'): FakeFailure {
  return { fail: errMsg };
}

/** A response that never arrives: the call ends only by its timeout (or never, without one). */
export function never(): Promise<FakeOutcome> {
  return new Promise<FakeOutcome>(() => undefined);
}

/** `outcome` after `ms` of timer time (jest fake timers advance it). */
export function delayed(ms: number, outcome: FakeOutcome): Promise<FakeOutcome> {
  return new Promise<FakeOutcome>((resolve) => setTimeout(() => resolve(outcome), ms));
}

/** A gate to answer a call later, by hand: `const g = gate(); route(..., () => g.promise); g.open(json(200))`. */
export interface Gate {
  promise: Promise<FakeOutcome>;
  open(outcome: FakeOutcome): void;
}

export function gate(): Gate {
  let open: (outcome: FakeOutcome) => void = () => undefined;
  const promise = new Promise<FakeOutcome>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export function headerValue(header: Record<string, string>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(header)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return null;
}

export function bearerToken(request: FakeRequest): string | null {
  const value = headerValue(request.header, 'Authorization');
  const match = value === null ? null : /^Bearer (.+)$/.exec(value);
  return match ? match[1] : null;
}

export function createFakeServer(): FakeServer {
  const routes = new Map<string, RouteHandler>();
  let fallback: RouteHandler = (request) =>
    errorResponse(404, 'NOT_FOUND', `no fake route for ${request.method} ${request.path}`);
  let down = false;

  const server: FakeServer = {
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
      return this;
    },
    fallback(handler) {
      fallback = handler;
      return this;
    },
    setDown(value) {
      down = value;
      return this;
    },
    async handle(request) {
      if (down) return networkFailure();
      const handler = routes.get(`${request.method} ${request.path}`) ?? fallback;
      return handler(request);
    },
  };
  return server;
}
