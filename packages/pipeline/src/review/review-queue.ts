/**
 * The review queue: studies with instances held because they may show burned-in text. A reviewer looks at
 * the held files (under `deidentified/_review/`, already de-identified in their headers) and decides, per
 * image (decide-held.ts: release, redact these boxes, reject) or for the whole item at once (here: approve
 * releases every image still held, reject keeps them all out); each decision records who and why. What a
 * decision does to files, ledger and study is defined once, in decision-record.ts.
 */
import { oncoError } from '@oncoatlas/core';
import type { InstanceRow, PixelAction, PixelDecisionRow, PixelFinding, PixelScanOutcome, ReviewItemRow, StudyLedger } from '@oncoatlas/store';
import { heldPathOf } from '../pixels/held-path.ts';
import type { Box } from '../redaction/redact-instance.ts';
import { alreadyDecided, isHeld, recordHeldDecision, releaseHeldFile, settleHeldFiles, settleItem, type Decider } from './decision-record.ts';

/** A decision taken on one held instance. */
export interface HeldDecision {
  readonly action: PixelAction;
  readonly boxes: readonly Box[];
  /** As written to De-identification Method (0012,0063), for a redaction. */
  readonly method: string | null;
  /** OCR of the redacted pixels found none of the source's identifiers (true), found one (false), was not run (null). */
  readonly verified: boolean | null;
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
}

/** One instance held in a review item: still held, or decided (then with its decision). */
export interface HeldInstance {
  /** Its place in the item, stable across decisions (held paths in order). */
  readonly index: number;
  /** The ledger's key of the source (an HMAC of its path): for the node's own use, never shown. */
  readonly sourceKey: string;
  /** Where it was held under the output root: `_review/` and its pseudonymous path. */
  readonly path: string;
  /** Its file under the output root now: the held path while held, the released path once released or redacted, null once rejected. */
  readonly file: string | null;
  readonly modality: string | null;
  /** The OCR scan of its pixels, null when none was made (no OCR engine when it was held). */
  readonly scan: { readonly engine: string; readonly outcome: PixelScanOutcome; readonly reason: string | null } | null;
  /** What the scan found: OCR'd identifiers and other text, and its device's text zones (boxes and kinds, never text). */
  readonly findings: readonly PixelFinding[];
  readonly decision: HeldDecision | null;
}

export interface ReviewDetail {
  readonly item: ReviewItemRow;
  /** Every instance held in the item, decided ones included, in held-path order (pseudonymous UIDs only). */
  readonly held: readonly HeldInstance[];
}

/** The held path of an instance held in review: as recorded while held or rejected, `_review/` before the released path once released. */
const heldPathOfRow = (i: InstanceRow): string => heldPathOf(i.output_path!);

function decisionOf(r: PixelDecisionRow): HeldDecision {
  return {
    action: r.action, boxes: JSON.parse(r.boxes) as Box[], method: r.method, verified: r.verified === null ? null : r.verified === 1,
    by: r.decided_by, at: r.decided_at, note: r.note,
  };
}

export async function reviewDetail(ledger: StudyLedger, id: number): Promise<ReviewDetail> {
  const item = await ledger.reviewItem(id);
  if (!item) throw oncoError('USAGE', `There is no review item ${id}; oncoatlas review list shows the open ones.`);
  const [instances, scans, decisions] = await Promise.all([
    ledger.instancesOfStudy(item.study_key), ledger.pixels.scansOfStudy(item.study_key), ledger.pixels.decisionsOfStudy(item.study_key),
  ]);
  const held = instances
    .filter((i) => i.output_path !== null && (isHeld(i) || decisions.get(i.source_key)?.item_id === item.id))
    .map((i) => ({ row: i, path: heldPathOfRow(i) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ row, path }, index): HeldInstance => {
      const scan = scans.get(row.source_key);
      const decision = decisions.get(row.source_key);
      return {
        index, sourceKey: row.source_key, path, modality: row.modality,
        file: row.status === 'rejected' ? null : row.output_path,
        scan: scan ? { engine: scan.engine, outcome: scan.outcome, reason: scan.reason } : null,
        findings: scan?.parsed ?? [],
        decision: decision && decision.item_id === item.id ? decisionOf(decision) : null,
      };
    });
  return { item, held };
}

export interface Decision extends Decider {
  readonly approve: boolean;
}

/**
 * The item-level decision: every image still held is released as it is (approve) or rejected, each with
 * its decision row, then the item closes and its study moves (decision-record.ts).
 */
export async function decideReview(ledger: StudyLedger, outRoot: string, id: number, d: Decision): Promise<ReviewDetail> {
  if (!d.by.trim() || !d.why.trim()) throw oncoError('USAGE', 'A review decision needs --by (who decides) and --reason (why).');
  const detail = await reviewDetail(ledger, id);
  if (detail.item.status !== 'pending') throw alreadyDecided(`Review item ${id}`, detail.item.status);
  const open = detail.held.filter((h) => h.decision === null);
  if (d.approve) for (const h of open) releaseHeldFile(outRoot, h.path);
  await ledger.transaction(async (l) => {
    const rows = new Map((await l.instancesOfStudy(detail.item.study_key)).map((i) => [i.source_key, i]));
    for (const h of open) {
      const row = rows.get(h.sourceKey);
      if (!row || !isHeld(row)) throw alreadyDecided(`The held image ${h.path}`);
      await recordHeldDecision(l, detail.item, row, { action: d.approve ? 'release' : 'reject', boxes: [], method: null, verified: null, sha256: row.output_sha256 }, d);
    }
    if ((await settleItem(l, detail.item, d)) === 'pending') throw alreadyDecided(`Review item ${id}`);
  });
  for (const h of open) settleHeldFiles(outRoot, h.path, d.approve ? 'release' : 'reject');
  return detail;
}
