import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors';
import type { UploadStore } from '../uploads/store';

export function uploadRoutes(uploads: UploadStore): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { name: string } }>(
      '/uploads/:name',
      { schema: { hide: true, params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
      async (request, reply) => {
        const file = await uploads.read(request.params.name);
        if (file === null) throw notFound('no such upload');
        return reply
          .header('content-type', file.contentType)
          .header('x-content-type-options', 'nosniff')
          // An image is never a document: even opened directly it runs no script and loads nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('content-disposition', `inline; filename="${request.params.name}"`)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(file.bytes);
      },
    );
  };
}
