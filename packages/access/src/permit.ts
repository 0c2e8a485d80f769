/**
 * Access permits: when a data holder makes a resource available, its node signs a permit with the node's Ed25519
 * key (a JWT of its own `typ`, EdDSA, iss = the node, sub = the researcher, jti = the permit id, exp = its expiry).
 * The node checks it at every use (and its ledger knows whether it was revoked); the hub reads it to show it.
 */
import type { KeyObject, webcrypto } from 'node:crypto';
import { decodeJwt, errors, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { oncoError } from '@oncoatlas/core';

export const PERMIT_ACTIONS = ['download', 'in-situ', 'federated-job'] as const;
export type PermitAction = (typeof PERMIT_ACTIONS)[number];

export interface PermitClaims {
  readonly id: string;
  /** The issuing node's id. */
  readonly node: string;
  /** 'subject @ issuer' of the researcher's sign-in. */
  readonly researcher: string;
  readonly dataset: { readonly uuid: string; readonly id: string; readonly version: number };
  readonly purpose: string;
  readonly actions: readonly PermitAction[];
  /** ISO date-times. */
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly request: string;
  readonly resource: string;
  readonly grantedBy: string;
}

export const PERMIT_TYP = 'oncoatlas-permit+jwt';

/**
 * @example
 * const jwt = await signPermit(nodeKey.privateKey, claims);
 */
export async function signPermit(privateKey: webcrypto.CryptoKey | KeyObject, claims: PermitClaims): Promise<string> {
  const problem = claimsProblem(claims);
  if (problem !== undefined) throw oncoError('PERMIT_INVALID', `A permit cannot be signed: ${problem}.`);
  return new SignJWT({ permit: { ...claims } })
    .setProtectedHeader({ alg: 'EdDSA', typ: PERMIT_TYP })
    .setIssuer(claims.node).setSubject(claims.researcher).setJti(claims.id)
    .setIssuedAt(Math.floor(Date.parse(claims.issuedAt) / 1000))
    .setExpirationTime(Math.ceil(Date.parse(claims.expiresAt) / 1000))
    .sign(privateKey);
}

/**
 * The claims of a permit signed by the key `publicJwk` for node `o.node`, unexpired at `o.now` (default now).
 * PERMIT_EXPIRED when expired; PERMIT_INVALID when forged, malformed or from another node. Revocation is the
 * node's ledger's business, not the token's.
 */
export async function readPermit(jwt: string, publicJwk: JWK, o: { readonly node: string; readonly now?: number }): Promise<PermitClaims> {
  const now = o.now ?? Date.now();
  const invalid = (why: string) => oncoError('PERMIT_INVALID', `The access permit was refused: ${why}.`);
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK(publicJwk, 'EdDSA');
  } catch (err) {
    throw oncoError('PERMIT_INVALID', 'The access permit cannot be checked: the node\'s public key is not an Ed25519 JWK.', {}, err);
  }
  const { payload } = await jwtVerify(jwt, key, {
    issuer: o.node, typ: PERMIT_TYP, algorithms: ['EdDSA'], currentDate: new Date(now), requiredClaims: ['exp', 'jti', 'sub'],
  }).catch((err: unknown) => {
    if (err instanceof errors.JWTExpired) throw oncoError('PERMIT_EXPIRED', 'The access permit has expired.');
    throw invalid(err instanceof errors.JWTClaimValidationFailed && err.claim === 'iss' ? 'it was issued by another node'
      : err instanceof errors.JWTClaimValidationFailed ? `its ${err.claim} claim is wrong` : 'it is not signed by this node');
  });
  const c = payload.permit as PermitClaims | undefined;
  const problem = c === undefined ? 'no permit claims' : claimsProblem(c);
  if (problem !== undefined || c === undefined) throw invalid(`its claims are malformed (${problem})`);
  if (c.id !== payload.jti || c.researcher !== payload.sub || c.node !== o.node) throw invalid('its claims do not match its header claims');
  // exp is rounded up to whole seconds; expiresAt is exact.
  if (Date.parse(c.expiresAt) <= now) throw oncoError('PERMIT_EXPIRED', 'The access permit has expired.');
  return c;
}

/** The permit id of a JWT without checking it (to record a refused check against the permit it names), or
 * undefined when the token is not readable as one. */
export function peekPermitId(jwt: string): string | undefined {
  try {
    const p = decodeJwt(jwt);
    return typeof p.jti === 'string' && p.jti !== '' ? p.jti : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The claims of a permit its holder stored after checking it once (the hub when the node returned it, the node
 * that signed it), read without checking again; undefined when the token holds none.
 */
export function storedPermitClaims(jwt: string): PermitClaims | undefined {
  try {
    return (decodeJwt(jwt) as { permit?: PermitClaims }).permit;
  } catch {
    return undefined;
  }
}

/**
 * Whether a (valid, unrevoked) permit covers what is asked: undefined when it does, else the reason it does not
 * (for PERMIT_NOT_APPLICABLE). Unasked parts are not checked.
 */
export function permitCovers(c: PermitClaims, ask: { readonly researcher?: string; readonly datasetUuid?: string; readonly version?: number; readonly action?: PermitAction }): string | undefined {
  if (ask.researcher !== undefined && ask.researcher !== c.researcher) return 'the permit was issued to another researcher';
  if (ask.datasetUuid !== undefined && ask.datasetUuid !== c.dataset.uuid) return 'the permit is for another dataset';
  if (ask.version !== undefined && ask.version !== c.dataset.version) return `the permit is for version ${c.dataset.version} of the dataset, not version ${ask.version}`;
  if (ask.action !== undefined && !c.actions.includes(ask.action)) return `the permit does not allow ${ask.action} (it allows ${c.actions.join(', ') || 'nothing'})`;
  return undefined;
}

function claimsProblem(c: PermitClaims): string | undefined {
  const str = (v: unknown) => typeof v === 'string' && v !== '';
  if (typeof c !== 'object' || c === null) return 'not an object';
  for (const k of ['id', 'node', 'researcher', 'purpose', 'request', 'resource', 'grantedBy'] as const) if (!str(c[k])) return `${k} is missing`;
  const d = c.dataset as PermitClaims['dataset'] | undefined;
  if (typeof d !== 'object' || d === null || !str(d.uuid) || !str(d.id) || !Number.isInteger(d.version) || d.version < 1) return 'dataset needs uuid, id and a version ≥ 1';
  if (!Array.isArray(c.actions) || c.actions.length === 0 || !c.actions.every((a) => PERMIT_ACTIONS.includes(a))) return `actions must be some of ${PERMIT_ACTIONS.join(', ')}`;
  if (new Set(c.actions).size !== c.actions.length) return 'an action is listed twice';
  if (!str(c.issuedAt) || Number.isNaN(Date.parse(c.issuedAt))) return 'issuedAt is not a date-time';
  if (!str(c.expiresAt) || Number.isNaN(Date.parse(c.expiresAt))) return 'expiresAt is not a date-time';
  if (Date.parse(c.expiresAt) <= Date.parse(c.issuedAt)) return 'it expires before it is issued';
  return undefined;
}
