/**
 * Cross-site request forgery defence. SameSite cookies alone are not enough: a page on another port of the
 * same host is "same-site", so a browser sends even a Strict cookie with its requests, and a `no-cors` POST
 * without a body needs no preflight. So every request that changes something must come from the node's own
 * origin, proven by the browser's Fetch Metadata (`Sec-Fetch-Site`) or, from older browsers, by `Origin`.
 * Reads through a script (fetch, <img>) from another origin are refused too (a resource isolation policy),
 * so a foreign page cannot make the steward's browser open held images; top-level navigations stay allowed
 * (a bookmark, a link to a dossier, the identity provider's redirect back to /auth/callback).
 *
 * Requests without either header (curl, the CLI, other servers) carry no ambient credentials a page could
 * borrow, so they pass: their bearer token is their proof.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { governs, NODE_ACCESS, type AccessTable } from './roles.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a read returns something only a signed-in user may see (the public catalogue does not). */
function privateRead(route: string | undefined, table: AccessTable): boolean {
  if (!route) return false;
  if (route === '/auth/session') return true;
  return governs(table, route) && table.routes[`GET ${route}`] !== 'public';
}

export interface CrossSiteOptions {
  /** The node's origin as browsers see it (`--public-url`); without it, the request's own Host is the origin. */
  readonly publicUrl?: string;
  /** The routes whose reads are private; default the node's. */
  readonly access?: AccessTable;
}

function ownOrigin(request: FastifyRequest, publicUrl: string | undefined): string | undefined {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}` : undefined;
}

function sameOrigin(origin: string, own: string | undefined): boolean {
  if (!own || origin === 'null') return false;
  try {
    return new URL(origin).origin === own;
  } catch {
    return false;
  }
}

/** DICOMweb under a permit reads no cookie: a page on another origin has no ambient credential to borrow there. */
const BEARER_ONLY_PREFIX = '/dicomweb/';

/** Why the request is refused, or undefined when it may go on. */
export function crossSiteRefusal(request: FastifyRequest, o: CrossSiteOptions): string | undefined {
  if (request.routeOptions.url?.startsWith(BEARER_ONLY_PREFIX)) return undefined;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (SAFE.has(request.method)) {
    if (!privateRead(request.routeOptions.url, o.access ?? NODE_ACCESS)) return undefined;
    // A navigation (the user followed a link) cannot be read by the page that started it.
    if (site === 'cross-site' || site === 'same-site') {
      return request.headers['sec-fetch-mode'] === 'navigate' ? undefined : 'a script or embedded resource of another site read a private route';
    }
    return undefined;
  }
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? undefined : `the request came from a ${site} page`;
  if (origin !== undefined) return sameOrigin(origin, ownOrigin(request, o.publicUrl)) ? undefined : 'the request came from another origin';
  return undefined;
}

export function guardCrossSite(app: FastifyInstance, o: CrossSiteOptions): void {
  // onRequest, before any body is read or any route runs.
  app.addHook('onRequest', async (request) => {
    const why = crossSiteRefusal(request, o);
    if (why) throw oncoError('CROSS_SITE_REFUSED', `Refused: ${why}. Use the node's own pages, or call the API without a browser (a bearer token).`);
  });
}
