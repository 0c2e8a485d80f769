/**
 * The browser's side of signing in, whatever signed it in (the identity provider, or a one-time link of the
 * node): an opaque, HttpOnly, SameSite=Strict session cookie, and the session behind it in this process's
 * memory (one node process serves the UI; a restart signs everyone out, which is safe). The access token
 * stays on the server, so no script on the page can read it. Every store here is bounded: a stranger
 * calling /auth/login in a loop cannot grow the node's memory.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import type { Principal, TokenVerifier } from './token-verifier.ts';

export const SESSION_COOKIE = 'oncoatlas_session';
const MAX_SESSIONS = 10_000;

interface Session { readonly principal: Principal; readonly expiresAt: number; readonly idToken?: string }

/** A map that forgets its oldest entries beyond `max`, and entries past their time on every write. */
export class BoundedExpiringMap<V extends { readonly expiresAt: number }> {
  readonly #entries = new Map<string, V>();
  readonly #max: number;
  constructor(max: number) { this.#max = max; }

  set(key: string, value: V): void {
    const now = Date.now();
    for (const [k, v] of this.#entries) if (v.expiresAt <= now) this.#entries.delete(k);
    // Insertion order is age order: the first key is the oldest.
    while (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
  }

  /** The live entry, or undefined (an expired one is forgotten). */
  get(key: string): V | undefined {
    const v = this.#entries.get(key);
    if (v && v.expiresAt <= Date.now()) { this.#entries.delete(key); return undefined; }
    return v;
  }

  /** Removes and returns the live entry: what may be used only once. */
  take(key: string): V | undefined {
    const v = this.get(key);
    this.#entries.delete(key);
    return v;
  }

  get size(): number { return this.#entries.size; }
}

export class BrowserSessions {
  readonly #sessions = new BoundedExpiringMap<Session>(MAX_SESSIONS);

  open(principal: Principal, expiresInSeconds: number, idToken?: string): string {
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { principal, expiresAt: Date.now() + expiresInSeconds * 1000, ...(idToken ? { idToken } : {}) });
    return id;
  }

  /** The session's principal, or undefined when unknown or expired. */
  principal(id: string | undefined): Principal | undefined {
    return id ? this.#sessions.get(id)?.principal : undefined;
  }

  /** Ends the session; returns it (its ID token ends the provider's session too). */
  close(id: string | undefined): Session | undefined {
    return id ? this.#sessions.take(id) : undefined;
  }
}

export function sessionOf(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
}

/**
 * Sets the session cookie and sends the browser on with a page of the node rather than a redirect: after a
 * redirect chain that began at the provider, a browser would leave a Strict cookie off the next request; a
 * navigation the node's own page starts carries it.
 */
export function sendSignedIn(reply: FastifyReply, sessionId: string, o: { readonly secure: boolean; readonly maxAgeSeconds: number; readonly next: string }): FastifyReply {
  void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: o.secure, maxAge: o.maxAgeSeconds });
  const next = o.next.replace(/[^\w/.-]/g, '');
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${next}"><title>Signed in</title></head><body><p>Signed in. <a href="${next}">Continue</a>.</p></body></html>`);
}

export interface SessionRouteOptions {
  readonly secure: boolean;
  /** Where a browser goes once signed in. */
  readonly afterSignIn: string;
  /** The provider's logout page for a session, when there is a provider that has one. */
  readonly endSessionUrl?: (idToken: string | undefined) => Promise<string | undefined>;
  /** What kind of service the session is at (`hub`), so one web UI shows the pages of that service; a node says nothing. */
  readonly site?: string;
}

/** /auth/session, /auth/logout, and /auth/local (one-time sign-in links of the node, when local tokens are on). */
export function registerSessionRoutes(app: FastifyInstance, sessions: BrowserSessions, verifier: TokenVerifier, o: SessionRouteOptions): void {
  app.get('/auth/session', { schema: { summary: 'Who is signed in in this browser', tags: ['sign-in'] } }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const principal = sessions.principal(sessionOf(request));
    if (!principal) throw oncoError('AUTH_REQUIRED', 'Nobody is signed in in this browser: go to /auth/login.');
    return { subject: principal.subject, roles: principal.roles, issuer: principal.issuer, ...(o.site ? { site: o.site } : {}) };
  });

  app.post('/auth/logout', { schema: { summary: 'Sign out of this browser (and, with a provider, end its session there too)', tags: ['sign-in'] } }, async (request, reply) => {
    const closed = sessions.close(sessionOf(request));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // RP-initiated logout: the UI sends the browser to the provider, which ends its own session.
    const endSession = closed && o.endSessionUrl ? await o.endSessionUrl(closed.idToken) : undefined;
    return { signedOut: true, ...(endSession ? { endSessionUrl: endSession } : {}) };
  });

  const verifyTicket = verifier.verifySignInTicket;
  if (!verifyTicket) return;
  const used = new BoundedExpiringMap<{ expiresAt: number }>(MAX_SESSIONS);
  app.get('/auth/local', { schema: { hide: true } }, async (request, reply) => {
    const ticket = (request.query as Record<string, unknown>).ticket;
    if (typeof ticket !== 'string' || ticket === '') throw oncoError('SIGN_IN_FAILED', 'This sign-in link is incomplete: copy the whole link oncoatlas serve printed.');
    const t = await verifyTicket(ticket);
    if (used.get(t.id)) throw oncoError('SIGN_IN_FAILED', 'This sign-in link was already used: print a new one with oncoatlas token new --sign-in-link.');
    used.set(t.id, { expiresAt: t.expiresAt });
    const hours = 8;
    return sendSignedIn(reply, sessions.open(t.principal, hours * 3600), { secure: o.secure, maxAgeSeconds: hours * 3600, next: o.afterSignIn });
  });
}
