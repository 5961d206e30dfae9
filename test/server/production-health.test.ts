import Fastify, { type FastifyInstance } from 'fastify';
import { createResources } from '../../server/resources';
import { healthRoutes, type HealthCheck } from '../../server/routes/health';
import { sharedSchemas } from '../../server/schemas';
import { http, suiteFactory } from './support/harness';

const answering = (name: string): HealthCheck => ({ name, probe: async () => 'pong' });
const failing = (name: string): HealthCheck => ({ name, probe: async () => Promise.reject(new Error(`${name} refused the connection`)) });
/** A dependency that never answers (a dropped packet, a stuck connection): only the timeout ends the wait. */
const silent = (name: string): HealthCheck => ({ name, probe: () => new Promise(() => undefined) });

describe('/api/health over its dependency checks', () => {
  let app: FastifyInstance;
  let checks: HealthCheck[];
  let draining: boolean;
  let url: string;

  beforeAll(async () => {
    app = Fastify();
    for (const schema of sharedSchemas) app.addSchema(schema);
    await app.register(healthRoutes({ checks: () => checks, draining: () => draining, timeoutMs: 50 }));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    draining = false;
  });

  const health = async () => {
    const { status, body } = await http(`${url}/api/health`);
    return { status, body };
  };

  test('200 {status: ok} when every check answers', async () => {
    checks = [answering('database'), answering('redis')];
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('503 UNAVAILABLE naming each dependency that refused or stayed silent past the timeout', async () => {
    checks = [answering('database'), failing('redis'), silent('object store')];
    expect(await health()).toEqual({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'not answering: redis, object store' } } });
  });

  test('503 while the instance drains, even with every dependency up: the load balancer stops sending here', async () => {
    checks = [answering('database')];
    draining = true;
    expect(await health()).toEqual({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'this instance is shutting down' } } });
  });

  test('a check added after the route was built is asked too', async () => {
    checks = [answering('database')];
    expect((await health()).status).toBe(200);
    checks.push(failing('redis'));
    expect((await health()).body).toEqual({ error: { code: 'UNAVAILABLE', message: 'not answering: redis' } });
  });
});

describe('resources: health checks and closers registered by what the server holds', () => {
  test('checks are listed in the order registered', () => {
    const resources = createResources();
    resources.check('database', async () => undefined);
    resources.check('redis', async () => undefined);
    expect(resources.checks().map((check) => check.name)).toEqual(['database', 'redis']);
  });

  test('closeAll closes in the reverse order of registering, each once, and goes on past a failure', async () => {
    const resources = createResources();
    const closed: string[] = [];
    resources.onClose(async () => void closed.push('database'));
    resources.onClose(async () => {
      closed.push('redis');
      throw new Error('redis quit failed');
    });
    resources.onClose(async () => void closed.push('emulator sessions'));
    await expect(resources.closeAll()).rejects.toThrow('redis quit failed');
    expect(closed).toEqual(['emulator sessions', 'redis', 'database']);
    await resources.closeAll();
    expect(closed).toHaveLength(3);
  });

  test('several failures are all reported', async () => {
    const resources = createResources();
    resources.onClose(async () => Promise.reject(new Error('a')));
    resources.onClose(async () => Promise.reject(new Error('b')));
    const failure: unknown = await resources.closeAll().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((error: Error) => error.message)).toEqual(['b', 'a']);
  });
});

describe('the started server on SQLite', () => {
  const suite = suiteFactory('sqlite');

  test('health asks the database: 200; drain() with nothing in flight is "drained" and the port stops answering', async () => {
    const server = await suite.factory.start();
    expect((await http(`${server.url}/api/health`)).body).toEqual({ status: 'ok' });
    expect(await server.drain(5_000)).toBe('drained');
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  test('SHUTDOWN_TIMEOUT_MS must be a positive integer', async () => {
    await expect(suite.factory.start({ env: { SHUTDOWN_TIMEOUT_MS: '0' } })).rejects.toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });
});
