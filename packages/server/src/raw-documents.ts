/**
 * The routes that take a document as the raw request body (the hub's onboarding and request documents, a node's
 * agreements): registered in their own scope, so these media types are parsed as bytes there only, up to a
 * document's size, and text/plain nowhere else turns into a Buffer.
 */
import type { FastifyInstance } from 'fastify';
import { DOCUMENT_MEDIA_TYPES, MAX_DOCUMENT_BYTES } from '@oncoatlas/access';

export async function registerDocumentUploads(api: FastifyInstance, routes: (scope: FastifyInstance) => void): Promise<void> {
  await api.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_request, body, done) => done(null, body));
    routes(scope);
  });
}
