/**
 * Checking an access permit at the node that issued it: signed by this node's key, unexpired, not revoked in
 * its ledger, and covering the action (and dataset) asked. Every check of a permit this node issued (by its
 * `jti`), allowed or refused (forged, expired, revoked, another action), is written to the audit log as the
 * tracer's USE_DATASETS with the permit's id, the action, the outcome and what was used, and as a `permit_uses`
 * row in the same transaction (the indexed copy the holder's and the researcher's views read). A token naming no permit of this node is refused without an audit
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
  /** The action asked, or several any one of which allows the use (viewing: in-situ or download). */
  readonly action: PermitAction | readonly PermitAction[];
  /** The dataset's UUID, when the use is of one dataset. */
  readonly dataset?: string | undefined;
  /** The dataset version, when the use is of one version (the permit names exactly one). */
  readonly version?: number | undefined;
  /** What is used, without identifiers of patients: e.g. `qido:studies`, `wado:study/<uid>`, `file:<path>`, `job:<id>`. */
  readonly resource?: string | undefined;
}

function actionsOf(ask: PermitCheck): readonly PermitAction[] {
  return typeof ask.action === 'string' ? [ask.action] : ask.action;
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
  const scope = { ...(ask.dataset !== undefined ? { datasetUuid: ask.dataset } : {}), ...(ask.version !== undefined ? { version: ask.version } : {}) };
  const why = permitCovers(claims, scope);
  if (why !== undefined) throw oncoError('PERMIT_NOT_APPLICABLE', `The access permit does not cover this: ${why}.`);
  const actions = actionsOf(ask);
  if (!actions.some((action) => claims.actions.includes(action))) {
    throw oncoError('PERMIT_NOT_APPLICABLE', `The access permit does not cover this: it does not allow ${actions.join(' or ')} (it allows ${claims.actions.join(', ')}).`);
  }
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
    // The action that allowed the use; a refusal is recorded under the first action asked.
    const actions = actionsOf(ask);
    const action = (claims && actions.find((a) => claims!.actions.includes(a))) ?? actions[0]!;
    const outcome = refusal ? 'refused' as const : 'allowed' as const;
    const permit = { id, action, outcome, ...(refusal ? { code: refusal.code } : {}), ...(ask.resource !== undefined ? { resource: ask.resource } : {}) };
    await c.ledger.transaction(async (l) => {
      await appendAuditEvents(l, [{
        at, actor: who.userId,
        event: { type: 'USE_DATASETS', userId: who.userId, datasetsIds: [who.datasetId], toolName: PERMIT_CHECK_TOOL, toolVersion: c.version, permit },
      }]);
      await l.access.addPermitUse({ permit_id: id, at, action, outcome, code: refusal?.code ?? null, resource: ask.resource ?? null });
    });
  }
  if (refusal) throw refusal;
  return { valid: true, claims: claims! };
}
