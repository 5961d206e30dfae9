import type { FastifyInstance } from 'fastify';

/**
 * JSON routes take JSON only: text/plain is answered 415 like any other content type they do not read. An
 * empty body with a JSON content type (wx.request sends one on a bare POST) means "no body", not a parse error.
 */
export function acceptJsonOnly(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
}
