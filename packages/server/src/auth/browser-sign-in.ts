/**
 * Browser sign-in: OpenID Connect authorization code flow with PKCE and a nonce (openid-client), for the web
 * UI. The state, nonce and PKCE verifier are bound to the browser that started signing in by a short-lived
 * HttpOnly cookie: a callback URL replayed from another browser (login CSRF, session swap) finds no login
 * to finish. Sessions themselves are in browser-sessions.ts.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { oncoError } from '@oncoatlas/core';
import { BoundedExpiringMap, sendSignedIn, type BrowserSessions } from './browser-sessions.ts';
import type { TokenVerifier } from './token-verifier.ts';

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

const LOGIN_COOKIE = 'oncoatlas_login';
const PENDING_TTL_MS = 10 * 60_000;
/** Logins started and not finished; beyond this the oldest are forgotten (their browsers start again). */
const MAX_PENDING = 1000;

interface PendingLogin { readonly state: string; readonly nonce: string; readonly verifier: string; readonly expiresAt: number }

export interface ProviderSignIn {
  /** The provider's logout URL for an ID token, when it has an end_session_endpoint. */
  endSessionUrl(idToken: string | undefined): Promise<string | undefined>;
}

export async function registerBrowserSignIn(app: FastifyInstance, o: BrowserSignInOptions, verifier: TokenVerifier, sessions: BrowserSessions): Promise<ProviderSignIn> {
  const secure = o.publicUrl.startsWith('https:');
  const base = o.publicUrl.replace(/\/$/, '');
  const callback = `${base}/auth/callback`;
  const pending = new BoundedExpiringMap<PendingLogin>(MAX_PENDING);
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
    const login: PendingLogin = {
      state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), expiresAt: Date.now() + PENDING_TTL_MS,
    };
    const loginId = randomBytes(32).toString('base64url');
    pending.set(loginId, login);
    // Lax, not Strict: it must come back on the provider's cross-site redirect to the callback.
    void reply.setCookie(LOGIN_COOKIE, loginId, { path: '/auth/callback', httpOnly: true, sameSite: 'lax', secure, maxAge: PENDING_TTL_MS / 1000 });
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: callback, scope: o.scope ?? 'openid', state: login.state, nonce: login.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(login.verifier), code_challenge_method: 'S256',
      ...(o.audience ? { resource: o.audience } : {}),
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/auth/callback', { schema: { hide: true } }, async (request, reply) => {
    const state = (request.query as Record<string, unknown>).state;
    const loginId = loginOf(request);
    void reply.clearCookie(LOGIN_COOKIE, { path: '/auth/callback' });
    // Used once: taken before the provider is asked, so a second callback with the same cookie finds nothing.
    const login = loginId ? pending.take(loginId) : undefined;
    if (!login || typeof state !== 'string' || state !== login.state) {
      throw oncoError('SIGN_IN_FAILED', 'This sign-in was not started in this browser, is too old, or was already finished: start again from /auth/login.');
    }
    const tokens = await client.authorizationCodeGrant(await configuration(), new URL(request.url, o.publicUrl),
      { pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true },
      o.audience ? { resource: o.audience } : undefined)
      .catch((err: unknown) => { throw oncoError('SIGN_IN_FAILED', 'The identity provider did not confirm the sign-in.', {}, err); });
    const principal = await verifier.verify(tokens.access_token);
    const ttl = tokens.expires_in ?? 300;
    const id = sessions.open(principal, ttl, tokens.id_token);
    return sendSignedIn(reply, id, { secure, maxAgeSeconds: ttl, next: o.afterSignIn ?? '/auth/session' });
  });

  return {
    async endSessionUrl(idToken) {
      const c = await configuration().catch(() => undefined);
      if (!c?.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(c, { post_logout_redirect_uri: `${base}/`, client_id: o.clientId, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
    },
  };
}

function loginOf(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[LOGIN_COOKIE];
}
