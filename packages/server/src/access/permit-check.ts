/**
 * Checking an access permit at the node that issued it: signed by this node's key, unexpired, not revoked in
 * its ledger, and covering the action (and dataset) asked. Every check of a permit this node issued (by its
 * `jti`), allowed or refused (forged, expired, revoked, another action), is written to the audit log as the
 * tracer's USE_DATASETS with the permit's id, the action and the outcome: that log is the researcher's and the
 * holder's record of the permit's uses. A token naming no permit of this node is refused without an audit
 * entry: the route needs no sign-in, and anyone could otherwise grow the log with made-up ids.
 */
import { peekPermitId, permitCovers, readPermit, type PermitAction, type PermitClaims } from '@oncoatlas/access';
import { appendAuditEvents } from '@oncoatlas/audit';
import { normalizeError, oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { PermitRow } from '@oncoatlas/store';
import { nodePermitKey } from './node-permit-key.ts';
import type { PermitContext } from './node-permits.ts';

export const PERMIT_CHECK_TOOL = 'oncoatlas-permit-check';

export interface PermitCheck {
  /** The permit (its JWT). */
  readonly permit: string;
  readonly action: PermitAction;
  /** The dataset's UUID, when the use is of one dataset. */
  readonly dataset?: string | undefined;
}

async function verify(c: PermitContext, ask: PermitCheck, row: PermitRow | undefined, at: number): Promise<PermitClaims> {
  if (!row) throw oncoError('PERMIT_INVALID', 'The access permit was refused: this node issued no permit of that id.');
  const { nodeId, key } = await nodePermitKey(c.dataDir);
  let claims: PermitClaims;
  try {
    claims = await readPermit(ask.permit, key.publicJwk, { node: nodeId, now: at });
  } catch (err) {
    // A revoked permit is refused as revoked, whether or not it has expired since.
    if (row.status === 'revoked' && normalizeError(err).code === 'PERMIT_EXPIRED') throw revoked(row);
    throw err;
  }
  if (row.status === 'revoked') throw revoked(row);
  const why = permitCovers(claims, { action: ask.action, ...(ask.dataset !== undefined ? { datasetUuid: ask.dataset } : {}) });
  if (why !== undefined) throw oncoError('PERMIT_NOT_APPLICABLE', `The access permit does not cover this: ${why}.`);
  return claims;
}

function revoked(row: PermitRow): OncoAtlasError {
  return oncoError('PERMIT_REVOKED', `The access permit was revoked on ${row.revoked_at?.slice(0, 10) ?? 'an earlier date'}.`);
}

/** Checks a permit and records the check; the claims when it is allowed, else throws the refusal (after recording it). */
export async function checkPermit(c: PermitContext & { readonly version: string }, ask: PermitCheck): Promise<{ valid: true; claims: PermitClaims }> {
  const at = c.now();
  const id = peekPermitId(ask.permit);
  const row = id === undefined ? undefined : await c.ledger.access.permit(id);
  let claims: PermitClaims | undefined;
  let refusal: OncoAtlasError | undefined;
  try {
    claims = await verify(c, ask, row, Date.parse(at));
  } catch (err) {
    refusal = normalizeError(err);
  }
  // Only a permit this node issued has a record to add the check to.
  if (id !== undefined && row) {
    const who = { userId: row.researcher, datasetId: `${row.dataset_id}/v${row.version}` };
    const permit = { id, action: ask.action, outcome: refusal ? 'refused' as const : 'allowed' as const, ...(refusal ? { code: refusal.code } : {}) };
    await c.ledger.transaction((l) => appendAuditEvents(l, [{
      at, actor: who.userId,
      event: { type: 'USE_DATASETS', userId: who.userId, datasetsIds: [who.datasetId], toolName: PERMIT_CHECK_TOOL, toolVersion: c.version, permit },
    }]));
  }
  if (refusal) throw refusal;
  return { valid: true, claims: claims! };
}
