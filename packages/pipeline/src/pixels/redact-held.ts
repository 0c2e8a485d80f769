/**
 * Redacting an instance held for burned-in text and releasing it: the held file (already de-identified in its
 * header) is blanked in the given boxes, OCR'd again against the source's identifiers when OCR is installed, and
 * only then written to where released files live. Written before the ledger records it, so a kill in between
 * leaves a file the re-run writes again with the same bytes (redaction is deterministic).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { oncoError, privateDir } from '@oncoatlas/core';
import { fileDigest, segmentsDigest, writeSegmentsAtomic } from '@oncoatlas/dicom';
import { detectBurnedIn } from '../ocr/detect-burned-in.ts';
import type { InstanceIdentifiers } from '../ocr/identifiers.ts';
import { redactInstance, type Box } from '../redaction/redact-instance.ts';
import { isHeldPath, releasedPathOf } from './held-path.ts';
import { ocrEngine } from './pixel-scan.ts';


export interface RedactHeldOptions {
  /** The de-identified output root. */
  readonly outRoot: string;
  /** The held file's path under `outRoot` (`_review/...`). */
  readonly heldPath: string;
  readonly boxes: readonly Box[];
  /** Appended to De-identification Method (0012,0063). */
  readonly method: string;
  /** The boxes cover all the burned-in text: Burned In Annotation becomes NO. */
  readonly cleaned: boolean;
  /** The source header's identifiers, to verify the redacted pixels with (no check when absent or OCR is missing). */
  readonly ids?: InstanceIdentifiers | null;
  readonly tesseract?: string;
  /**
   * Remove the held file once the redacted one is in place (default). A reviewer's decision keeps it until the
   * ledger has recorded the decision, so a crash in between leaves the image held and decidable again.
   */
  readonly removeHeld?: boolean;
}

export interface RedactedHeld {
  /** The redacted file is at `releasedPath` (and the held file is gone). */
  readonly written: boolean;
  /** Path under `outRoot`: the held path without `_review/`. */
  readonly releasedPath: string;
  readonly sha256: string | null;
  /** OCR of the redacted pixels found none of the identifiers (true), found one (false), or was not run (null). */
  readonly verified: boolean | null;
  /** Where OCR still read an identifier (kinds and boxes, never text). */
  readonly remaining: { kind: string; box: Box }[];
  readonly changedPixels: number;
}

/** Where the redacted file is written before its rename: beside nothing released, so a crash leaves no partial file in the output tree. */
function scratchDir(outRoot: string): string {
  return privateDir(join(outRoot, '.redacting'));
}

/**
 * Redacts a held file (`_review/...` under outRoot) and, when `ids` are given and OCR is installed, OCRs the redacted
 * pixels: if one of the identifiers is still read, nothing is written and `remaining` lists where. Otherwise writes the
 * redacted file atomically (0600) at the released path (the held path without `_review/`), removes the held file (unless `removeHeld: false`), and
 * returns its SHA-256. Idempotent: a re-run finding the released file identical keeps it.
 * Throws REDACTION_UNSUPPORTED for pixel data it cannot blank, USAGE for a path that is not a held one.
 *
 * @example
 * const r = await redactHeld({ outRoot, heldPath: '_review/P1/1.2/1.3/1.4.dcm', boxes: [[0, 0, 640, 40]], method, cleaned: true, ids });
 */
export async function redactHeld(o: RedactHeldOptions): Promise<RedactedHeld> {
  if (!isHeldPath(o.heldPath) || o.heldPath.split('/').includes('..')) throw oncoError('USAGE', 'Only a held file (under _review/) can be redacted and released.');
  const releasedPath = releasedPathOf(o.heldPath);
  const held = join(o.outRoot, o.heldPath);
  const target = join(o.outRoot, releasedPath);
  const redacted = redactInstance(readFileSync(held), o.boxes, { method: o.method, cleaned: o.cleaned });
  let verified: boolean | null = null;
  if (o.ids && ocrEngine(o.tesseract) !== null) {
    const still = (await detectBurnedIn(redacted.bytes, o.ids, { thorough: true, ...(o.tesseract ? { tesseract: o.tesseract } : {}) })).filter((d) => d.kind !== 'text');
    if (still.length > 0) {
      return { written: false, releasedPath, sha256: null, verified: false, remaining: still.map((d) => ({ kind: d.kind, box: d.box })), changedPixels: redacted.changedPixels };
    }
    verified = true;
  }
  const sha256 = segmentsDigest([redacted.bytes]);
  if (!(existsSync(target) && fileDigest(target) === sha256)) {
    privateDir(dirname(target));
    // The rename is the release: a reader sees no file or the whole redacted one.
    writeSegmentsAtomic(target, [redacted.bytes], undefined, 'replace', scratchDir(o.outRoot));
  }
  if (o.removeHeld !== false) rmSync(held, { force: true });
  return { written: true, releasedPath, sha256, verified, remaining: [], changedPixels: redacted.changedPixels };
}
