/**
 * What a review decision does, as the one definition both kinds of decision use: the item-level approve or
 * reject (every image still held, released or rejected at once) and a reviewer's per-image decision
 * (release, redact these boxes, reject). The released file is put in place first, the ledger records the
 * decision in one transaction, and only then is the held file removed: a crash in between leaves the image
 * held (and a stray released copy, which any later decision replaces or removes). Every held instance ends with a `pixel_decisions` row and a PIXELS_DECIDED event; the item
 * closes once none of its instances is held, and its study moves then.
 */
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { appendAuditEvents } from '@oncoatlas/audit';
import { oncoError, privateDir } from '@oncoatlas/core';
import type { InstanceRow, PixelAction, ReviewItemRow, StudyLedger } from '@oncoatlas/store';
import { outputHash } from '../populate/deidentify-stage.ts';
import { releasedPathOf } from '../pixels/held-path.ts';
import type { Box } from '../redaction/redact-instance.ts';

/** Who decided, why (kept in the ledger; its hash in the audit log: free text may name anyone) and when. */
export interface Decider {
  readonly by: string;
  readonly why: string;
  readonly at: string;
}

/** What was done to one held instance's file. */
export interface HeldOutcome {
  readonly action: PixelAction;
  readonly boxes: readonly Box[];
  /** As written to De-identification Method (0012,0063), for redact. */
  readonly method: string | null;
  /** OCR of the redacted pixels found none of the source's identifiers (true), or was not run (null). */
  readonly verified: boolean | null;
  /** The released file's SHA-256 (release: the held file's, unchanged; redact: the redacted file's). */
  readonly sha256: string | null;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');


/** Whether an instance row is held for review now (with a held file to decide on). */
export const isHeld = (i: Pick<InstanceRow, 'status' | 'output_path'>): boolean => i.status === 'review' && i.output_path !== null;

/**
 * Puts a copy of a held file at its released path (a hard link, renamed into place so a file a crashed
 * redaction left there is replaced whole). The held file stays until the decision is recorded
 * (settleHeldFiles), so a crash in between leaves the image held, and decidable again whatever is chosen then.
 */
export function releaseHeldFile(outRoot: string, heldPath: string): void {
  const held = join(outRoot, heldPath);
  const released = join(outRoot, releasedPathOf(heldPath));
  if (!existsSync(held)) {
    // Released by a version that moved files before recording and crashed after the move.
    if (existsSync(released)) return;
    throw oncoError('REVIEW_NOT_FOUND', `The held file ${heldPath} is missing from the output tree; populate again to hold the image anew.`);
  }
  privateDir(dirname(released));
  const staged = join(privateDir(join(outRoot, '.redacting')), `${process.pid}-${basename(released)}`);
  rmSync(staged, { force: true });
  linkSync(held, staged);
  renameSync(staged, released);
}

/**
 * After the decision is recorded: the held file goes, and for a rejected image also whatever a crashed
 * attempt to release or redact it left at its released path (nothing of a rejected image may be released).
 */
export function settleHeldFiles(outRoot: string, heldPath: string, action: PixelAction): void {
  rmSync(join(outRoot, heldPath), { force: true });
  if (action === 'reject') rmSync(join(outRoot, releasedPathOf(heldPath)), { force: true });
}

export const alreadyDecided = (what: string, state?: string): Error =>
  oncoError('REVIEW_ALREADY_DECIDED', `${what} was already decided${state ? ` (${state})` : ''}; decisions are final.`);

/**
 * Inside the caller's transaction: the instance's decision row, its new status (released or rejected in
 * review) and the PIXELS_DECIDED event. REVIEW_ALREADY_DECIDED when it was decided meanwhile (the row exists).
 */
export async function recordHeldDecision(l: StudyLedger, item: ReviewItemRow, row: InstanceRow, o: HeldOutcome, d: Decider): Promise<void> {
  const heldPath = row.output_path!;
  const by = d.by.trim();
  const why = d.why.trim();
  const added = await l.pixels.addDecision({
    source_key: row.source_key, study_key: item.study_key, item_id: item.id, action: o.action, method: o.method, boxes: o.boxes,
    verified: o.verified === null ? null : o.verified ? 1 : 0, decided_by: by, decided_at: d.at, note: why, output_sha256: o.action === 'reject' ? null : o.sha256,
  });
  if (!added) throw alreadyDecided(`The held image ${heldPath}`);
  await l.setInstanceOutcomes([o.action === 'reject'
    // The held path stays as the record of what was rejected; the file itself is gone.
    ? { source_key: row.source_key, status: 'rejected', reason: 'rejected_in_review', output_path: heldPath, output_sha256: row.output_sha256, updated_at: d.at }
    : { source_key: row.source_key, status: 'deidentified', reason: null, output_path: releasedPathOf(heldPath), output_sha256: o.sha256, updated_at: d.at }]);
  await appendAuditEvents(l, [{
    at: d.at, actor: by,
    event: {
      type: 'PIXELS_DECIDED', study: item.study_key, item: item.id, path: heldPath, action: o.action, boxes: o.boxes.length,
      ...(o.verified === null ? {} : { verified: o.verified }), reasonHash: sha(why), ...(o.action !== 'reject' && o.sha256 ? { contentHash: o.sha256 } : {}),
    },
  }]);
}

/**
 * Inside the caller's transaction, after its instances' decisions are recorded: while some instance is still
 * held, a study already integrated gets the hash of what it releases now; once none is held, the item closes
 * (approved when any of its instances was released or redacted, else rejected) and a study waiting in review
 * becomes integrated, or rejected in review when nothing of it is released. Returns the item's status.
 */
export async function settleItem(l: StudyLedger, item: ReviewItemRow, d: Decider): Promise<'pending' | 'approved' | 'rejected'> {
  const instances = await l.instancesOfStudy(item.study_key);
  const released = instances.filter((i) => i.status === 'deidentified');
  const hash = released.length > 0 ? outputHash(released) : null;
  const study = await l.study(item.study_key);
  const open = instances.some(isHeld);
  if (open) {
    if (study?.status !== 'review' && hash && hash !== study?.output_hash) await l.setStudy(item.study_key, { output_hash: hash, updated_at: d.at });
    return 'pending';
  }
  const decisions = [...(await l.pixels.decisionsOfStudy(item.study_key)).values()].filter((r) => r.item_id === item.id);
  const status = decisions.some((r) => r.action !== 'reject') ? 'approved' : 'rejected';
  // First decision wins: a concurrent one (another steward, the CLI) must not log a second decision.
  if (!(await l.decideReview(item.id, { status, decided_by: d.by.trim(), decided_at: d.at, note: d.why.trim() }))) throw alreadyDecided(`Review item ${item.id}`);
  if (study?.status === 'review') {
    await l.setStudy(item.study_key, released.length > 0
      ? { status: 'done', reason: null, output_hash: hash, updated_at: d.at }
      : { status: 'rejected', reason: 'rejected_in_review', updated_at: d.at });
  } else if (hash && hash !== study?.output_hash) {
    await l.setStudy(item.study_key, { output_hash: hash, updated_at: d.at });
  }
  await appendAuditEvents(l, [{
    at: d.at, actor: d.by.trim(),
    event: {
      type: 'REVIEW_DECIDED', item: item.id, study: item.study_key, kind: item.kind, decision: status,
      reasonHash: sha(d.why.trim()), ...(hash ? { contentHash: hash } : {}),
    },
  }]);
  return status;
}
