/**
 * The access log: one JSON line per request (pino, Fastify's own logger) with what an operator needs to see
 * who did what and how it went: request id, method, the route's pattern (`/api/datasets/:id`, never the
 * path with its values), status, duration and actor. Never a path parameter's value, a query string, a
 * header or a body: those may hold a dataset's name, a review note or a token.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../auth/access-hook.ts';

export function registerAccessLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    // request.log adds the request id (reqId) itself.
    request.log.info({
      method: request.method,
      // Unmatched requests (404, a path that could not be decoded) are logged as such, not by their path.
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      actor: request.principal ? actorOf(request) : '-',
    }, 'request');
  });
}
