/**
 * A reviewer's decision on one image held for burned-in text: release it as it is, redact the boxes the
 * reviewer drew (and, when the source's identifiers can be read and OCR is installed, refuse if OCR still
 * reads one in the redacted pixels), or reject it. The decision is final and recorded with who and why; the
 * item closes when its last held image is decided (decision-record.ts, shared with the item-level decision).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { findElement, parsePart10, uint16Value } from '@oncoatlas/dicom';
import type { PixelAction, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import type { InstanceIdentifiers } from '../ocr/identifiers.ts';
import { redactHeld } from '../pixels/redact-held.ts';
import type { Box } from '../redaction/redact-instance.ts';
import { alreadyDecided, isHeld, recordHeldDecision, releaseHeldFile, settleHeldFiles, settleItem, type Decider, type HeldOutcome } from './decision-record.ts';
import { checkRedactionBoxes } from './redaction-boxes.ts';
import { reviewDetail, type ReviewDetail } from './review-queue.ts';
import { sourceIdentifiers } from './source-identifiers.ts';

/** Written to De-identification Method (0012,0063) of an image a reviewer redacted. */
export const REVIEWER_METHOD = 'Burned-in text blanked (boxes drawn by a reviewer)';

export interface HeldDecisionInput extends Decider {
  readonly action: PixelAction;
  /** For redact: `[x, y, w, h]` in whole pixels of the stored image (checked: REDACTION_INVALID_BOX). */
  readonly boxes?: unknown;
  /** The source header's identifiers to verify a redaction with; when absent, read through `sourcePaths` if given. */
  readonly ids?: InstanceIdentifiers | null;
  /** The ledger's sealed source paths' keys (the site secret's), to find the source file. */
  readonly sourcePaths?: SourcePathKeys;
  readonly tesseract?: string;
}

/**
 * Whether the redacted pixels were checked: `verified` (OCR read none of the source's identifiers),
 * `no-source` (the source file cannot be read any more), `no-ocr` (no OCR engine on this node), or
 * `not-redacted` (a release or a rejection has nothing to check).
 */
export type Verification = 'verified' | 'no-source' | 'no-ocr' | 'not-redacted';

export interface HeldDecisionResult {
  readonly detail: ReviewDetail;
  readonly index: number;
  readonly action: PixelAction;
  readonly verified: boolean | null;
  readonly verification: Verification;
}

/** Rows and Columns of a held file, to check the boxes against. */
function sizeOf(file: string): { rows: number; columns: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw oncoError('REDACTION_UNSUPPORTED', 'The held file is not in the data directory any more; nothing to redact.');
    throw err;
  }
  const f = parsePart10(bytes);
  const us = (tag: number): number => {
    const el = findElement(f.dataset, tag);
    return el && el.items === null ? uint16Value(f.buffer, el, f.dataset.syntax.littleEndian) ?? 0 : 0;
  };
  const [rows, columns] = [us(0x00280010), us(0x00280011)];
  if (rows === 0 || columns === 0) throw oncoError('REDACTION_UNSUPPORTED', 'The held instance has no image (no Rows and Columns) to redact.');
  return { rows, columns };
}

/**
 * Decides image `index` of review item `itemId` (as `reviewDetail` lists them). REVIEW_NOT_FOUND when there
 * is no such item or image, REVIEW_ALREADY_DECIDED when it (or its item) was decided, REDACTION_INVALID_BOX
 * for boxes that are not whole pixels inside the image, REDACTION_INCOMPLETE when OCR still reads an
 * identifier after the redaction (nothing is written then; details.remaining is a JSON array of
 * `{ kind, box }`: where, and of which kind, never the text).
 *
 * @example
 * await decideHeldInstance(ledger, outRoot, 12, 0, { action: 'redact', boxes: [[0, 0, 640, 40]], by: 'steward', why: 'name top left', at, sourcePaths });
 */
export async function decideHeldInstance(ledger: StudyLedger, outRoot: string, itemId: number, index: number, d: HeldDecisionInput): Promise<HeldDecisionResult> {
  if (!d.by.trim() || !d.why.trim()) throw oncoError('USAGE', 'A review decision needs who decides and why (--by and --reason).');
  if (!(await ledger.reviewItem(itemId))) throw oncoError('REVIEW_NOT_FOUND', `There is no review item ${itemId}.`);
  const detail = await reviewDetail(ledger, itemId);
  const h = detail.held[index];
  if (!h) throw oncoError('REVIEW_NOT_FOUND', `Review item ${itemId} holds ${detail.held.length} image(s); there is none at index ${index}.`);
  if (h.decision) throw alreadyDecided(`Image ${index} of review item ${itemId}`, h.decision.action);
  if (detail.item.status !== 'pending' || h.file !== h.path) throw alreadyDecided(`Review item ${itemId}`, detail.item.status);
  if (d.action !== 'redact' && d.boxes !== undefined && !(Array.isArray(d.boxes) && d.boxes.length === 0)) {
    throw oncoError('USAGE', 'Boxes are for redacting; releasing or rejecting an image takes none.');
  }

  let outcome: HeldOutcome;
  let verification: Verification = 'not-redacted';
  if (d.action === 'redact') {
    const { rows, columns } = sizeOf(join(outRoot, h.path));
    const boxes: Box[] = checkRedactionBoxes(d.boxes, rows, columns);
    let ids = d.ids;
    if (ids === undefined && d.sourcePaths) {
      const row = (await ledger.instancesOfStudy(detail.item.study_key)).find((i) => i.source_key === h.sourceKey);
      ids = row ? sourceIdentifiers(d.sourcePaths, row) : null;
    }
    const r = await redactHeld({ outRoot, heldPath: h.path, boxes, method: REVIEWER_METHOD, cleaned: true, ids: ids ?? null, removeHeld: false, ...(d.tesseract ? { tesseract: d.tesseract } : {}) });
    if (!r.written) {
      throw oncoError('REDACTION_INCOMPLETE', `OCR still reads ${r.remaining.length} identifier(s) of the instance in the redacted image (${[...new Set(r.remaining.map((x) => x.kind))].join(', ')}); draw boxes over them too. Nothing was written.`,
        { count: r.remaining.length, remaining: JSON.stringify(r.remaining.map((x) => ({ kind: x.kind, box: [...x.box] }))) });
    }
    verification = r.verified === true ? 'verified' : !ids ? 'no-source' : 'no-ocr';
    outcome = { action: 'redact', boxes, method: REVIEWER_METHOD, verified: r.verified, sha256: r.sha256 };
  } else {
    const row = (await ledger.instancesOfStudy(detail.item.study_key)).find((i) => i.source_key === h.sourceKey);
    if (d.action === 'release') releaseHeldFile(outRoot, h.path);
    outcome = { action: d.action, boxes: [], method: null, verified: null, sha256: row?.output_sha256 ?? null };
  }

  await ledger.transaction(async (l) => {
    const row = (await l.instancesOfStudy(detail.item.study_key)).find((i) => i.source_key === h.sourceKey);
    if (!row || !isHeld(row)) throw alreadyDecided(`Image ${index} of review item ${itemId}`);
    await recordHeldDecision(l, detail.item, row, outcome, d);
    await settleItem(l, detail.item, d);
  });
  settleHeldFiles(outRoot, h.path, d.action);
  return { detail: await reviewDetail(ledger, itemId), index, action: d.action, verified: outcome.verified, verification };
}
