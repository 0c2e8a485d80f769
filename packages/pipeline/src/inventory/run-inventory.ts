/**
 * Runs the inventory over any study source. Each instance is read once as a stream: hashed whole, kept whole
 * when it is of ordinary size, otherwise only its head is kept and parsed up to the pixel data (a 1 GB
 * multi-frame must not sit in memory to be counted), with the pixel data's declared length checked against
 * the file size so a truncated large file is still caught.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normalizeError, oncoError, type ErrorCode } from '@oncoatlas/core';
import { findElement, parsePart10, PIXEL_DATA, UNDEFINED_LENGTH } from '@oncoatlas/dicom';
import type { SourceInstance, StudySource } from '@oncoatlas/sources';
import { factsOf, studyKeyOfDamaged, type InstanceFacts } from './instance-facts.ts';
import { Inventory, type InventoryReport } from './inventory.ts';

const WHOLE_LIMIT = 64 << 20;
const HEAD_BYTES = 8 << 20;

/** What reading one instance gave: its facts, or why it cannot be used (and its study, when the header says). */
export type InstanceReading =
  | { readonly ok: true; readonly facts: InstanceFacts }
  | { readonly ok: false; readonly code: ErrorCode; readonly size: number; readonly sha256: string | null; readonly studyKey: string | null };

/** Reads an instance once: bytes the source already read, local files directly, others from their stream (only the head of a huge one is kept). */
export async function readInstance(item: SourceInstance): Promise<InstanceReading> {
  let bytes: Uint8Array;
  let size: number;
  let sha256: string;
  if (item.bytes !== undefined) {
    bytes = item.bytes;
    size = bytes.length;
    sha256 = createHash('sha256').update(bytes).digest('hex');
  } else if (item.localPath !== undefined && item.size !== undefined && item.size <= WHOLE_LIMIT) {
    try {
      bytes = readFileSync(item.localPath);
    } catch (err) {
      return { ok: false, code: normalizeError(err).code, size: item.size, sha256: null, studyKey: null };
    }
    size = bytes.length;
    sha256 = createHash('sha256').update(bytes).digest('hex');
  } else {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let kept = 0;
    size = 0;
    try {
      for await (const chunk of item.content) {
        const b = chunk as Buffer;
        hash.update(b);
        size += b.length;
        if (size <= WHOLE_LIMIT || kept < HEAD_BYTES) { chunks.push(b); kept += b.length; }
      }
    } catch (err) {
      return { ok: false, code: normalizeError(err).code, size, sha256: null, studyKey: null };
    }
    sha256 = hash.digest('hex');
    bytes = size <= WHOLE_LIMIT ? Buffer.concat(chunks) : Buffer.concat(chunks).subarray(0, HEAD_BYTES);
  }
  try {
    return { ok: true, facts: size <= WHOLE_LIMIT ? factsOf(parsePart10(bytes), size, sha256) : headFacts(bytes, size, sha256) };
  } catch (err) {
    return { ok: false, code: normalizeError(err).code, size, sha256, studyKey: studyKeyOfDamaged(bytes) };
  }
}

/** Facts from the head of a file too large to hold, its pixel data's declared length checked against the size. */
function headFacts(head: Uint8Array, size: number, sha256: string): InstanceFacts {
  const f = parsePart10(head, { stopAtPixelData: true });
  const pixel = findElement(f.dataset, PIXEL_DATA);
  if (pixel && pixel.length !== UNDEFINED_LENGTH && pixel.valueOffset + pixel.length > size && !f.transferSyntax.deflated) {
    throw oncoError('DICOM_TRUNCATED', 'The file ends inside its pixel data.', { declared: pixel.length });
  }
  return factsOf(f, size, sha256);
}

export async function runInventory(source: StudySource, onProgress?: (files: number) => void): Promise<InventoryReport> {
  const inventory = new Inventory();
  let files = 0;
  for await (const item of source.items()) {
    if (item.kind === 'problem') inventory.addRejected(item.error.code);
    else {
      const r = await readInstance(item);
      if (r.ok) inventory.add(r.facts); else inventory.addRejected(r.code, r.size, r.studyKey);
    }
    onProgress?.(++files);
  }
  return inventory.report();
}
