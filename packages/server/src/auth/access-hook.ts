/**
 * Enforces ROUTE_ACCESS on every request: public routes pass, others need a valid bearer token whose roles
 * include one the route allows. The principal is attached to the request for the audit trail of later routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import type { AccessCaller } from '@oncoatlas/hub';
import { governs, NODE_ACCESS, type Access, type AccessTable } from './roles.ts';
import { sessionOf, type BrowserSessions } from './browser-sessions.ts';
import type { Principal, TokenVerifier } from './token-verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Who a write or a read is recorded as done by (the audit trail's actor, a version's `created_by`, a review's
 * `decided_by`): `<subject> @ <issuer>`. The subject alone is only unique per issuer: a local token minted with
 * `--subject steward` must not read as the identity provider's user `steward`. Issuers are URLs or URNs with
 * no spaces, so the last ` @ ` splits the two.
 */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `${p.subject || 'unknown'} @ ${p.issuer}` : 'unknown';
}

/** The signed-in caller as the hub's access and job services take it: who, and with which roles. */
export function callerOf(request: FastifyRequest): AccessCaller {
  return { actor: actorOf(request), roles: request.principal?.roles ?? [] };
}

export function accessOf(method: string, url: string, table: AccessTable = NODE_ACCESS): Access {
  const access = table.routes[`${method} ${url}`];
  if (access === undefined) throw oncoError('INTERNAL', `Route ${method} ${url} has no entry in its route table (auth/roles.ts): every route must say who may call it.`);
  return access;
}

export function enforceAccess(app: FastifyInstance, verifier: TokenVerifier, sessions?: BrowserSessions, table: AccessTable = NODE_ACCESS): void {
  // Checked when a route is added: a route nobody listed is a start-up error, not an open door.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (governs(table, route.url)) for (const m of methods) if (m !== 'HEAD') accessOf(m, route.url, table);
  });
  // onRequest, before the body is parsed or validated: a caller without the role learns nothing about the
  // route's input rules, and a large body from a stranger is never read.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (!url || !governs(table, url)) return;
    const access = accessOf(request.method === 'HEAD' ? 'GET' : request.method, url, table);
    if (access === 'public') return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // A browser signed in at /auth/login carries a session cookie instead of a token.
    const principal = match ? await verifier.verify(match[1]!) : sessions?.principal(sessionOf(request));
    if (!principal) throw oncoError('AUTH_REQUIRED', 'This route needs a signed-in user: send Authorization: Bearer <access token>, or sign in at /auth/login.');
    if (!principal.roles.some((r) => access.includes(r))) {
      throw oncoError('AUTH_FORBIDDEN', `This route is for ${access.join(', ')}; the token's roles are ${principal.roles.join(', ') || 'none'}.`);
    }
    request.principal = principal;
  });
}
