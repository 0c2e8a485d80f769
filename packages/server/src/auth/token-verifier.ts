/**
 * Bearer tokens: JWT access tokens of a trusted OpenID provider (found by discovery, verified against its
 * published keys, issuer, audience and expiry, with jose), and the node's own local tokens (HS256 under a key
 * kept in the data directory) for the embedded default's first-run admin. A token from any other issuer is
 * refused before any key is fetched. Messages say what was wrong, never the token.
 */
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { oncoError } from '@oncoatlas/core';
import { isRole, type Role } from './roles.ts';

export interface TrustedIssuer {
  readonly issuer: string;
  /** The `aud` this node's API expects in access tokens. */
  readonly audience: string;
  /** Where the roles are in the token: a claim name or a dotted path (`realm_access.roles`); default `roles`. */
  readonly rolesClaim?: string;
  /** The provider's role names mapped to ours; unmapped names that are ours count as themselves. */
  readonly roleMap?: Readonly<Record<string, Role>>;
}

export interface Principal {
  readonly subject: string;
  readonly issuer: string;
  readonly roles: readonly Role[];
}

export const LOCAL_ISSUER = 'urn:oncoatlas:node';
/** The audience of one-time sign-in links: never accepted as a bearer token, and a bearer token is never one. */
const SIGN_IN_AUDIENCE = 'urn:oncoatlas:node:sign-in';

/** A verified one-time sign-in link: who it signs in, its id (used once) and when it stops working. */
export interface SignInTicket {
  readonly principal: Principal;
  readonly id: string;
  readonly expiresAt: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** Verifies a one-time sign-in link of this node; absent when local tokens are off. */
  readonly verifySignInTicket?: (ticket: string) => Promise<SignInTicket>;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
}

function rolesOf(payload: JWTPayload, path: string, map: Readonly<Record<string, Role>>): Role[] {
  const raw = claimAt(payload, path);
  const names = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  return [...new Set(names.map((n) => map[n] ?? n).filter(isRole))];
}

function invalid(err: unknown): never {
  if (err instanceof errors.JWTExpired) throw oncoError('AUTH_INVALID', 'The access token has expired: sign in again.');
  if (err instanceof errors.JWTClaimValidationFailed) throw oncoError('AUTH_INVALID', `The access token was not issued for this node (claim ${err.claim} does not match).`);
  throw oncoError('AUTH_INVALID', 'The access token could not be verified (signature, format or keys).');
}

/**
 * `localKey` turns local tokens on: without it (the default once a provider is configured) a token of this
 * node is refused like any untrusted issuer's.
 */
export function createTokenVerifier(o: { readonly issuers: readonly TrustedIssuer[]; readonly localKey?: Uint8Array }): TokenVerifier {
  const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  const keysOf = (issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    let keys = keySets.get(issuer);
    if (!keys) {
      keys = (async () => {
        // Bounded: a provider that does not answer must fail the request, not hang every request behind it.
        const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })
          .catch((err: unknown) => { throw oncoError('AUTH_INVALID', `The identity provider ${issuer} could not be reached for its keys.`, {}, err); });
        if (!res.ok) throw oncoError('AUTH_INVALID', `The identity provider ${issuer} did not answer its discovery request (HTTP ${res.status}).`);
        const { jwks_uri: uri } = await res.json() as { jwks_uri?: string };
        if (!uri) throw oncoError('AUTH_INVALID', `The identity provider ${issuer} publishes no jwks_uri.`);
        return createRemoteJWKSet(new URL(uri));
      })();
      // A failed discovery is retried on the next request instead of being cached.
      keys.catch(() => keySets.delete(issuer));
      keySets.set(issuer, keys);
    }
    return keys;
  };

  return {
    async verify(token) {
      let claimed: JWTPayload;
      try {
        claimed = decodeJwt(token);
      } catch {
        throw oncoError('AUTH_INVALID', 'The bearer token is not a JWT.');
      }
      if (claimed.iss === LOCAL_ISSUER) {
        if (!o.localKey) throw oncoError('AUTH_INVALID', 'Local tokens of this node are turned off (oncoatlas serve --local-tokens turns them on).');
        // A token that never expires is a password that cannot be changed: refused even when signed.
        const { payload } = await jwtVerify(token, o.localKey, { issuer: LOCAL_ISSUER, audience: LOCAL_ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }).catch(invalid);
        return { subject: String(payload.sub), issuer: LOCAL_ISSUER, roles: rolesOf(payload, 'roles', {}) };
      }
      const trusted = o.issuers.find((i) => i.issuer === claimed.iss);
      if (!trusted) throw oncoError('AUTH_INVALID', 'The access token comes from an identity provider this node does not trust.');
      const keys = await keysOf(trusted.issuer);
      const { payload } = await jwtVerify(token, keys, { issuer: trusted.issuer, audience: trusted.audience, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] }).catch(invalid);
      return { subject: String(payload.sub ?? ''), issuer: trusted.issuer, roles: rolesOf(payload, trusted.rolesClaim ?? 'roles', trusted.roleMap ?? {}) };
    },
    ...(o.localKey ? {
      async verifySignInTicket(ticket: string): Promise<SignInTicket> {
        const { payload } = await jwtVerify(ticket, o.localKey!, { issuer: LOCAL_ISSUER, audience: SIGN_IN_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'sub', 'jti'] })
          .catch(() => { throw oncoError('SIGN_IN_FAILED', 'This sign-in link is not valid or has expired: print a new one with oncoatlas token new --sign-in-link.'); });
        return { principal: { subject: String(payload.sub), issuer: LOCAL_ISSUER, roles: rolesOf(payload, 'roles', {}) }, id: String(payload.jti), expiresAt: payload.exp! * 1000 };
      },
    } : {}),
  };
}

/** A local token of this node (the embedded default's admin, or a service account), valid for `hours`. */
export async function mintLocalToken(localKey: Uint8Array, o: { readonly subject: string; readonly roles: readonly Role[]; readonly hours: number }): Promise<string> {
  return new SignJWT({ roles: [...o.roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(LOCAL_ISSUER).setAudience(LOCAL_ISSUER).setSubject(o.subject)
    .setIssuedAt().setExpirationTime(`${Math.round(o.hours * 3600)}s`)
    .sign(localKey);
}

/**
 * A one-time sign-in link's ticket: the embedded default's way into the UI before an identity provider is
 * configured. Short-lived and used once (the server remembers its id until it expires).
 */
export async function mintSignInTicket(localKey: Uint8Array, o: { readonly subject: string; readonly roles: readonly Role[]; readonly minutes: number }): Promise<string> {
  return new SignJWT({ roles: [...o.roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(LOCAL_ISSUER).setAudience(SIGN_IN_AUDIENCE).setSubject(o.subject).setJti(randomUUID())
    .setIssuedAt().setExpirationTime(`${Math.round(o.minutes * 60)}s`)
    .sign(localKey);
}
