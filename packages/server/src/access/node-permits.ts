/**
 * The access permits a node issues when its data holder makes a resource available (the hub's `permit-issue`
 * task): signed with the node's key (node-permit-key.ts), for the dataset's latest released version, kept in
 * the ledger with the signed JWT, revocable by the holder (here or through the hub) or the committee (through
 * the hub). Their checks are permit-check.ts; every check is in the audit log and, beside it, in `permit_uses`,
 * which is where a permit's uses are read back from.
 */
import { randomUUID } from 'node:crypto';
import { PERMIT_ACTIONS, signPermit, storedPermitClaims, type PermitClaims } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { PermitIssue, PermitStatus } from '@oncoatlas/hub';
import { catalogueState, latestReleasedVersion } from '@oncoatlas/release';
import type { PermitRow, StudyLedger } from '@oncoatlas/store';
import { nodePermitKey } from './node-permit-key.ts';

export type PermitState = PermitStatus['status'];
export type PermitUseView = PermitStatus['uses'][number];

/** A permit as the node's API shows it to its stewards: its claims and where it stands (never the JWT: that is the researcher's credential). */
export interface NodePermit extends PermitClaims {
  readonly status: PermitState;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly reason: string | null;
}

export interface PermitContext {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly now: () => string;
}

const MAX_TEXT = 2000;

function readIssue(payload: unknown, now: number): PermitIssue {
  const p = (payload ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of ['request', 'resource', 'researcher', 'dataset', 'purpose', 'grantedBy', 'expiresAt'] as const) {
    if (typeof p[k] !== 'string' || p[k].trim() === '' || p[k].length > MAX_TEXT) problems.push(`${k} must be a non-empty string`);
  }
  const actions = p.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => (PERMIT_ACTIONS as readonly unknown[]).includes(a)) || new Set(actions).size !== actions.length) {
    problems.push(`actions must be some of ${PERMIT_ACTIONS.join(', ')}, each once`);
  }
  if (typeof p.expiresAt === 'string' && !(Date.parse(p.expiresAt) > now)) problems.push('expiresAt must be a date-time in the future');
  if (problems.length > 0) throw oncoError('USAGE', `A permit-issue task is malformed: ${problems.join('; ')}.`);
  return p as unknown as PermitIssue;
}

/** The claims the permit was signed with (the JWT is the node's own, made by issuePermit). */
export function claimsOf(row: PermitRow): PermitClaims {
  return storedPermitClaims(row.jwt)!;
}

export function statusOf(row: PermitRow, now: number): PermitState {
  if (row.status === 'revoked') return 'revoked';
  return Date.parse(row.expires_at) <= now ? 'expired' : 'active';
}

export function permitView(row: PermitRow, now: number): NodePermit {
  return { ...claimsOf(row), status: statusOf(row, now), revokedAt: row.revoked_at, revokedBy: row.revoked_by, reason: row.revoke_reason };
}

export async function requirePermit(ledger: StudyLedger, id: string): Promise<PermitRow> {
  const row = await ledger.access.permit(id);
  if (!row) throw oncoError('ACCESS_NOT_FOUND', `This node issued no permit ${id}.`);
  return row;
}

/** Every check and use of a permit, oldest first (written with its USE_DATASETS audit entry by checkPermit). */
export async function permitUses(ledger: StudyLedger, id: string): Promise<PermitUseView[]> {
  // What was used (the resource, with de-identified UIDs) stays in the node's ledger: the hub is told only when and how.
  return (await ledger.access.permitUses(id)).map((u) => ({ at: u.at, action: u.action, outcome: u.outcome, code: u.code }));
}

/**
 * Issues a permit for the latest released version of a dataset this node publishes. The same request's
 * resource asked again (a retried task) gets the permit already active for it, not a second one.
 */
export async function issuePermit(c: PermitContext, payload: unknown): Promise<{ permit: string; claims: PermitClaims }> {
  const at = c.now();
  const ask = readIssue(payload, Date.parse(at));
  const identity = await c.ledger.datasets.datasetIdentityByUuid(ask.dataset);
  const state = identity ? await catalogueState(c.ledger, identity.dataset_id) : undefined;
  const released = identity && state === 'published' ? await latestReleasedVersion(c.ledger, identity.dataset_id) : undefined;
  if (!identity || !released) throw oncoError('DATASET_NOT_FOUND', `This node publishes no dataset ${ask.dataset}: a permit is issued only for a published dataset.`);
  const existing = await c.ledger.access.activePermitFor(ask.request, ask.resource);
  if (existing && existing.dataset_uuid === ask.dataset && statusOf(existing, Date.parse(at)) === 'active') return { permit: existing.jwt, claims: claimsOf(existing) };
  const { nodeId, key } = await nodePermitKey(c.dataDir);
  const claims: PermitClaims = {
    id: randomUUID(), node: nodeId, researcher: ask.researcher, dataset: { uuid: ask.dataset, id: identity.dataset_id, version: released.version },
    purpose: ask.purpose, actions: [...ask.actions], issuedAt: at, expiresAt: new Date(Date.parse(ask.expiresAt)).toISOString(),
    request: ask.request, resource: ask.resource, grantedBy: ask.grantedBy,
  };
  const jwt = await signPermit(key.privateKey, claims);
  await c.ledger.access.addPermit({
    id: claims.id, request_id: claims.request, resource_id: claims.resource, researcher: claims.researcher, dataset_id: claims.dataset.id,
    dataset_uuid: claims.dataset.uuid, version: claims.dataset.version, purpose: claims.purpose, actions: JSON.stringify(claims.actions),
    issued_at: claims.issuedAt, expires_at: claims.expiresAt, granted_by: claims.grantedBy, status: 'active', revoked_at: null, revoked_by: null, revoke_reason: null, jwt,
  });
  return { permit: jwt, claims };
}

/** Revokes a permit (once: revoking it again gives back the first revocation). */
export async function revokePermit(c: PermitContext, id: string, o: { readonly by: string; readonly reason: string }): Promise<NodePermit> {
  if (typeof o.reason !== 'string' || o.reason.trim() === '') throw oncoError('USAGE', 'Revoking a permit needs a reason.');
  if (typeof o.by !== 'string' || o.by.trim() === '') throw oncoError('USAGE', 'Revoking a permit needs who revokes it.');
  const at = c.now();
  await requirePermit(c.ledger, id);
  await c.ledger.access.revokePermit(id, { at, by: o.by, reason: o.reason.slice(0, MAX_TEXT) });
  return permitView(await requirePermit(c.ledger, id), Date.parse(at));
}

/** The hub's `permit-status`: the claims, where the permit stands, and every check of it. */
export async function permitStatus(c: PermitContext, id: string): Promise<PermitStatus> {
  const row = await requirePermit(c.ledger, id);
  return { claims: claimsOf(row), status: statusOf(row, Date.parse(c.now())), revokedAt: row.revoked_at, reason: row.revoke_reason, uses: await permitUses(c.ledger, id) };
}
