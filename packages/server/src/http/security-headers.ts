/**
 * Security headers on every response, whatever answered it (a route, an error, the not-found handler, the
 * static UI, the API docs). A response that set its own policy keeps it: the UI and the API docs need
 * scripts and styles of their own, the dossier its sandbox. Written here rather than with @fastify/helmet:
 * helmet sets one policy for the whole server, and these differ per kind of response, so each would need
 * overriding anyway; what is left is five headers.
 */
import type { FastifyInstance } from 'fastify';

/** Nothing of a JSON answer or an error page may load, run, submit, or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface SecurityHeaderOptions {
  /** Set Strict-Transport-Security: only when browsers reach the node over https (`--public-url https://…`). */
  readonly hsts: boolean;
}

export function registerSecurityHeaders(app: FastifyInstance, o: SecurityHeaderOptions): void {
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-request-id', request.id);
    // No other site may embed what the node answers (<img src=preview.png> from another origin).
    void reply.header('cross-origin-resource-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', API_CSP);
    if (!reply.hasHeader('referrer-policy')) void reply.header('referrer-policy', 'no-referrer');
    const path = request.url.split('?')[0]!;
    // What a signed-in user reads must not stay in a shared or disk cache.
    if (!reply.hasHeader('cache-control') && (path.startsWith('/api/') || path.startsWith('/auth/'))) void reply.header('cache-control', 'no-store');
    if (o.hsts) void reply.header('strict-transport-security', 'max-age=31536000');
  });
}
