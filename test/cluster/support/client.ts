import http from 'node:http';

/** An answer from the cluster; `status` 0 when the connection failed (`error` says how). */
export interface Answer {
  status: number;
  body: unknown;
  error?: string;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  /**
   * The loopback address the request comes from (all of 127.0.0.0/8 reaches the loopback interface): a client
   * address of its own, as nginx and the rate limits see it.
   */
  from?: string;
}

/** One request on a connection of its own (no keep-alive: a client-side stale connection is not the cluster's fault). */
export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const payload = options.json === undefined ? options.body : Buffer.from(JSON.stringify(options.json));
  const headers: http.OutgoingHttpHeaders = { connection: 'close' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve) => {
    const request = http.request(new URL(path, base), { method, headers, agent: false, localAddress: options.from }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => resolve({ status: 0, body: null, error: error.message }));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const json = (response.headers['content-type'] ?? '').includes('json');
        resolve({ status: response.statusCode ?? 0, body: json ? JSON.parse(raw.toString('utf8')) : raw });
      });
    });
    request.on('error', (error) => resolve({ status: 0, body: null, error: error.message }));
    request.end(payload);
  });
}

/** A client address of its own for request `n` of scenario `scenario`: no two of a scenario's first 65,024 share one. */
export function address(scenario: number, n: number): string {
  return `127.${scenario}.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
}

/** A field of a JSON answer, or undefined. */
export function field<T>(body: unknown, name: string): T | undefined {
  return typeof body === 'object' && body !== null && name in body ? ((body as Record<string, unknown>)[name] as T) : undefined;
}

/** Polls `condition` until it holds; a bound on the number of turns, not a timing assertion. */
export async function until(condition: () => boolean, what: string, maxTurns = 3000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export interface Load<T> {
  /** Every answer so far, with what the step made of it. */
  readonly results: readonly { answer: Answer; value: T }[];
  /** Stops starting new steps and resolves once the ones in flight are answered. */
  stop(): Promise<void>;
}

/** `workers` loops, each running `step(n)` (n counts across all loops) back to back until stop(). */
export function runLoad<T>(workers: number, step: (n: number) => Promise<{ answer: Answer; value: T }>): Load<T> {
  const results: { answer: Answer; value: T }[] = [];
  let next = 0;
  let stopped = false;
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped) results.push(await step(next++));
  });
  return {
    results,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
