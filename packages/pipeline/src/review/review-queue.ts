/**
 * The review queue: studies with instances held because they may show burned-in text. A reviewer looks at
 * the held files (under `deidentified/_review/`, already de-identified in their headers) and decides; the
 * decision records who and why. Approving releases the held instances into the output tree; rejecting keeps
 * them out, and a study that had nothing else to release is then rejected with `rejected_in_review`.
 */
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { appendAuditEvents } from '@oncoatlas/audit';
import { oncoError, privateDir } from '@oncoatlas/core';
import type { ReviewItemRow, StudyLedger } from '@oncoatlas/store';
import { outputHash } from '../populate/deidentify-stage.ts';

export interface ReviewDetail {
  readonly item: ReviewItemRow;
  /** Held instances: their path under the output root (pseudonymous UIDs only) and modality. */
  readonly held: readonly { readonly path: string; readonly modality: string | null }[];
}

export async function reviewDetail(ledger: StudyLedger, id: number): Promise<ReviewDetail> {
  const item = await ledger.reviewItem(id);
  if (!item) throw oncoError('USAGE', `There is no review item ${id}; oncoatlas review list shows the open ones.`);
  const held = (await ledger.instancesOfStudy(item.study_key))
    .filter((i) => i.status === 'review' && i.output_path)
    .map((i) => ({ path: i.output_path!, modality: i.modality }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { item, held };
}

export interface Decision {
  readonly approve: boolean;
  readonly by: string;
  readonly why: string;
  readonly at: string;
}

export async function decideReview(ledger: StudyLedger, outRoot: string, id: number, d: Decision): Promise<ReviewDetail> {
  if (!d.by.trim() || !d.why.trim()) throw oncoError('USAGE', 'A review decision needs --by (who decides) and --reason (why).');
  const detail = await reviewDetail(ledger, id);
  if (detail.item.status !== 'pending') throw oncoError('USAGE', `Review item ${id} was already decided (${detail.item.status}); decisions are final.`);
  if (d.approve) {
    // Move first, record after: a crash in between leaves files released that the ledger still calls held,
    // and approving again finds them in place (renameSync of a missing source is then skipped).
    for (const h of detail.held) {
      const released = h.path.replace(/^_review\//, '');
      privateDir(dirname(join(outRoot, released)));
      try {
        renameSync(join(outRoot, h.path), join(outRoot, released));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  await ledger.transaction(async (l) => {
    // First decision wins: a concurrent one (another steward, the CLI) must not log a second decision.
    if (!(await l.decideReview(id, { status: d.approve ? 'approved' : 'rejected', decided_by: d.by.trim(), decided_at: d.at, note: d.why.trim() }))) {
      throw oncoError('USAGE', `Review item ${id} was decided meanwhile; decisions are final.`);
    }
    const instances = await l.instancesOfStudy(detail.item.study_key);
    const releasedNow = d.approve ? instances.filter((i) => i.status === 'review').map((i) => ({
      source_key: i.source_key, status: 'deidentified' as const, reason: null, output_path: i.output_path!.replace(/^_review\//, ''), output_sha256: i.output_sha256, updated_at: d.at,
    })) : [];
    await l.setInstanceOutcomes(releasedNow);
    const released = [...instances.filter((i) => i.status === 'deidentified'), ...releasedNow];
    const hash = released.length > 0 ? outputHash(released) : null;
    const study = await l.study(detail.item.study_key);
    if (study?.status === 'review') {
      await l.setStudy(detail.item.study_key, d.approve
        ? { status: 'done', reason: null, output_hash: hash, updated_at: d.at }
        : { status: 'rejected', reason: 'rejected_in_review', updated_at: d.at });
    } else if (d.approve) {
      await l.setStudy(detail.item.study_key, { output_hash: hash, updated_at: d.at });
    }
    // The reviewer's words stay in the ledger; the log holds their hash (free text may name anyone).
    await appendAuditEvents(l, [{
      at: d.at, actor: d.by.trim(),
      event: {
        type: 'REVIEW_DECIDED', item: id, study: detail.item.study_key, kind: detail.item.kind, decision: d.approve ? 'approved' : 'rejected',
        reasonHash: createHash('sha256').update(d.why.trim()).digest('hex'), ...(hash ? { contentHash: hash } : {}),
      },
    }]);
  });
  return detail;
}
