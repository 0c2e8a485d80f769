/**
 * The node's credentials, with no certificate and no manual renewal (docs/hub.md): a node proves it holds its
 * private key with a short JWT assertion it signs itself (EdDSA, at most 60 s, single-use id), and gets a
 * hub-signed access token of ~10 minutes in exchange. Every kind of token carries its own `typ`, so a task or
 * an access token can never pass as an assertion, and the reverse. Pure: the single-use check of `jti` and the
 * node's status are the store's.
 */
import { randomUUID } from 'node:crypto';
import { errors, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { oncoError } from '@oncoatlas/core';
import type { SigningKey } from './signing-key.ts';

export const ASSERTION_TYP = 'oncoatlas-node-assertion+jwt';
export const ACCESS_TYP = 'oncoatlas-hub-access+jwt';
/** An assertion may live this long: long enough for clock skew and one round trip, too short to be worth stealing. */
export const MAX_ASSERTION_SECONDS = 60;
export const ACCESS_TOKEN_SECONDS = 600;

export type AssertionPurpose = 'join' | 'token';

/** A node is named by its key: the id a hub gives it is derived from the key's thumbprint. */
export function nodeIdOf(thumbprint: string): string {
  return `node-${thumbprint.slice(0, 16)}`;
}

export function hubIdOf(thumbprint: string): string {
  return `urn:oncoatlas:hub:${thumbprint}`;
}

export async function signAssertion(key: SigningKey, o: { readonly audience: string; readonly purpose: AssertionPurpose; readonly name?: string; readonly now?: number }): Promise<string> {
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  const id = nodeIdOf(key.thumbprint);
  return new SignJWT({ purpose: o.purpose, ...(o.name !== undefined ? { name: o.name } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', typ: ASSERTION_TYP })
    .setIssuer(id).setSubject(id).setAudience(o.audience).setJti(randomUUID())
    .setIssuedAt(iat).setExpirationTime(iat + MAX_ASSERTION_SECONDS)
    .sign(key.privateKey);
}

export interface CheckedAssertion {
  readonly nodeId: string;
  readonly jti: string;
  readonly expiresAt: number;
  readonly name?: string;
}

/** Verifies an assertion against the node's registered (or, at join, presented) public key. */
export async function checkAssertion(jwt: string, publicJwk: JWK, o: { readonly audience: string; readonly purpose: AssertionPurpose; readonly now?: number }): Promise<CheckedAssertion> {
  const now = o.now ?? Date.now();
  const key = await importJWK(publicJwk, 'EdDSA').catch(() => refuse('the public key is not an Ed25519 JWK'));
  const { payload } = await jwtVerify(jwt, key, {
    audience: o.audience, typ: ASSERTION_TYP, algorithms: ['EdDSA'], currentDate: new Date(now), requiredClaims: ['iss', 'sub', 'jti', 'iat', 'exp'],
  }).catch((err: unknown) => refuse(reasonOf(err)));
  if (payload.purpose !== o.purpose) refuse(`it is an assertion for ${String(payload.purpose)}, not ${o.purpose}`);
  if (payload.iss !== payload.sub) refuse('its issuer and subject differ');
  // The node chooses exp: a long-lived assertion would be a password; refuse it even when well signed.
  if (payload.exp! - payload.iat! > MAX_ASSERTION_SECONDS || payload.iat! * 1000 > now + MAX_ASSERTION_SECONDS * 1000) refuse(`it is valid for more than ${MAX_ASSERTION_SECONDS} s`);
  return { nodeId: payload.sub!, jti: payload.jti!, expiresAt: payload.exp! * 1000, ...(typeof payload.name === 'string' ? { name: payload.name } : {}) };
}

export async function issueAccessToken(hubKey: SigningKey, o: { readonly nodeId: string; readonly hubId: string; readonly now?: number; readonly seconds?: number }): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  const exp = iat + (o.seconds ?? ACCESS_TOKEN_SECONDS);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TYP })
    .setIssuer(o.hubId).setAudience(`${o.hubId}:agent`).setSubject(o.nodeId).setJti(randomUUID())
    .setIssuedAt(iat).setExpirationTime(exp)
    .sign(hubKey.privateKey);
  return { token, expiresAt: exp * 1000 };
}

/** The node an access token of this hub was issued to. */
export async function verifyAccessToken(token: string, hubKey: SigningKey, o: { readonly hubId: string; readonly now?: number }): Promise<string> {
  const { payload } = await jwtVerify(token, hubKey.publicKey, {
    issuer: o.hubId, audience: `${o.hubId}:agent`, typ: ACCESS_TYP, algorithms: ['EdDSA'], currentDate: new Date(o.now ?? Date.now()), requiredClaims: ['sub', 'exp'],
  }).catch((err: unknown) => refuse(reasonOf(err), 'The agent\'s access token'));
  return (payload as JWTPayload).sub!;
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'it has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `its ${err.claim} claim does not match`;
  return 'its signature, type or format is wrong';
}

function refuse(why: string, what = 'The node\'s assertion'): never {
  throw oncoError('HUB_CREDENTIAL_INVALID', `${what} was refused: ${why}.`);
}
