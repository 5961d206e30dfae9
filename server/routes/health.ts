import type { FastifyPluginAsync } from 'fastify';
import { sendContractError } from '../contract-error';
import { ApiError } from '../errors';
import { ref, unavailableBody } from '../schemas';

/** A dependency /api/health asks: the database, and whatever else the server is configured with (Redis). */
export interface HealthCheck {
  /** What a 503 names when this one does not answer. */
  name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the timeout) when it does not. */
  probe(): Promise<unknown>;
}

export interface HealthOptions {
  /** Read per request: dependencies may be added after the routes are built. */
  checks: () => readonly HealthCheck[];
  /** True once a shutdown has begun: the load balancer should stop sending requests here. */
  draining: () => boolean;
  /** How long one check may take before it counts as down. */
  timeoutMs: number;
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 2000;


/** Whether the check answers within the timeout; never rejects. */
function answers(check: HealthCheck, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    check.probe().then(
      () => resolve(true),
      () => resolve(false),
    ).finally(() => clearTimeout(timer));
  });
}

/** The names of the checks that did not answer, asked all at once. */
export async function downDependencies(checks: readonly HealthCheck[], timeoutMs: number): Promise<string[]> {
  const results = await Promise.all(checks.map((check) => answers(check, timeoutMs)));
  return checks.filter((_check, index) => !results[index]).map((check) => check.name);
}

export function healthRoutes(options: HealthOptions): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['health'], response: { 200: ref('HealthResponse'), 503: unavailableBody('UNAVAILABLE: the instance is shutting down, or a dependency (named in the message) does not answer') } } },
      async (_request, reply) => {
        if (options.draining()) return sendContractError(reply, new ApiError(503, 'UNAVAILABLE', 'this instance is shutting down'));
        const down = await downDependencies(options.checks(), options.timeoutMs);
        if (down.length > 0) return sendContractError(reply, new ApiError(503, 'UNAVAILABLE', `not answering: ${down.join(', ')}`));
        return { status: 'ok' as const };
      },
    );
  };
}
