import type { FastifyPluginAsync } from 'fastify';
import { ref } from '../schemas';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/health', { schema: { tags: ['health'], response: { 200: ref('HealthResponse') } } }, async () => ({
    status: 'ok' as const,
  }));
};
