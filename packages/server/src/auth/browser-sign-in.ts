/**
 * Browser sign-in: OpenID Connect authorization code flow with PKCE (openid-client), for the web UI. The
 * access token stays on the server; the browser holds only an opaque, HttpOnly session cookie, so no script on
 * the page can read a token. Sessions and pending logins live in this process's memory (one node process
 * serves the UI; a restart signs everyone out, which is safe).
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { oncoError } from '@oncoatlas/core';
import type { Principal, TokenVerifier } from './token-verifier.ts';

export interface BrowserSignInOptions {
  readonly issuer: string;
  /** A public client registered at the provider for this node's UI (PKCE, no secret). */
  readonly clientId: string;
  /** The node's address as the browser sees it; the callback is `<publicUrl>/auth/callback`. */
  readonly publicUrl: string;
  /** Asked as `resource` when the provider issues audience-bound tokens (RFC 8707). */
  readonly audience?: string;
  readonly scope?: string;
  /** Where the callback sends the browser once signed in: the UI's start page when the node serves one. */
  readonly afterSignIn?: string;
}

export const SESSION_COOKIE = 'oncoatlas_session';
const PENDING_TTL_MS = 10 * 60_000;

interface Session { readonly token: string; readonly principal: Principal; readonly expiresAt: number }

export class BrowserSessions {
  readonly #sessions = new Map<string, Session>();

  open(token: string, principal: Principal, expiresInSeconds: number): string {
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { token, principal, expiresAt: Date.now() + expiresInSeconds * 1000 });
    return id;
  }

  /** The session's principal, or undefined when unknown or expired (then it is forgotten). */
  principal(id: string | undefined): Principal | undefined {
    if (!id) return undefined;
    const s = this.#sessions.get(id);
    if (!s || s.expiresAt <= Date.now()) { this.#sessions.delete(id); return undefined; }
    return s.principal;
  }

  close(id: string | undefined): void {
    if (id) this.#sessions.delete(id);
  }
}

export async function registerBrowserSignIn(app: FastifyInstance, o: BrowserSignInOptions, verifier: TokenVerifier, sessions: BrowserSessions): Promise<void> {
  await app.register(cookie);
  const secure = o.publicUrl.startsWith('https:');
  const callback = `${o.publicUrl.replace(/\/$/, '')}/auth/callback`;
  const pending = new Map<string, { verifier: string; at: number }>();
  let config: Promise<client.Configuration> | undefined;
  const configuration = (): Promise<client.Configuration> => {
    config ??= client.discovery(new URL(o.issuer), o.clientId, undefined, client.None(),
      // Plain http only for a provider on loopback (tests, a laptop); anything else must be https.
      new URL(o.issuer).hostname === '127.0.0.1' || new URL(o.issuer).hostname === 'localhost' ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => { config = undefined; throw oncoError('AUTH_INVALID', `The identity provider ${o.issuer} could not be reached for sign-in.`, {}, err); });
    return config;
  };

  app.get('/auth/login', { schema: { summary: 'Start signing in (redirects to the identity provider)', tags: ['sign-in'] } }, async (_request, reply) => {
    const c = await configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const now = Date.now();
    for (const [k, v] of pending) if (now - v.at > PENDING_TTL_MS) pending.delete(k);
    pending.set(state, { verifier: codeVerifier, at: now });
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: callback, scope: o.scope ?? 'openid', state,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
      ...(o.audience ? { resource: o.audience } : {}),
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/auth/callback', { schema: { hide: true } }, async (request, reply) => {
    const state = (request.query as Record<string, string | undefined>).state ?? '';
    const login = pending.get(state);
    if (!login) throw oncoError('AUTH_INVALID', 'This sign-in is unknown or too old; start again from /auth/login.');
    pending.delete(state);
    const tokens = await client.authorizationCodeGrant(await configuration(), new URL(request.url, o.publicUrl), { pkceCodeVerifier: login.verifier, expectedState: state },
      o.audience ? { resource: o.audience } : undefined)
      .catch((err: unknown) => { throw oncoError('AUTH_INVALID', 'The identity provider did not confirm the sign-in.', {}, err); });
    const principal = await verifier.verify(tokens.access_token);
    const id = sessions.open(tokens.access_token, principal, tokens.expires_in ?? 300);
    void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: tokens.expires_in ?? 300 });
    return reply.redirect(o.afterSignIn ?? '/auth/session', 303);
  });

  app.get('/auth/session', { schema: { summary: 'Who is signed in in this browser', tags: ['sign-in'] } }, async (request) => {
    const principal = sessions.principal(sessionOf(request));
    if (!principal) throw oncoError('AUTH_REQUIRED', 'Nobody is signed in in this browser: go to /auth/login.');
    return { subject: principal.subject, roles: principal.roles, issuer: principal.issuer };
  });

  app.post('/auth/logout', { schema: { summary: 'Sign out of this browser', tags: ['sign-in'] } }, async (request, reply) => {
    sessions.close(sessionOf(request));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  });
}

export function sessionOf(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
}
