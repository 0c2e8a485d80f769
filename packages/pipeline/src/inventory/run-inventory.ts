/**
 * Runs the inventory over any study source. Each instance is read once as a stream: hashed whole, kept whole
 * when it is of ordinary size, otherwise only its head is kept and parsed up to the pixel data (a 1 GB
 * multi-frame must not sit in memory to be counted), with the pixel data's declared length checked against
 * the file size so a truncated large file is still caught.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normalizeError, oncoError } from '@oncoatlas/core';
import { findElement, parsePart10, PIXEL_DATA, UNDEFINED_LENGTH } from '@oncoatlas/dicom';
import type { SourceInstance, StudySource } from '@oncoatlas/sources';
import { factsOf, type InstanceFacts } from './instance-facts.ts';
import { Inventory, type InventoryReport } from './inventory.ts';

const WHOLE_LIMIT = 64 << 20;
const HEAD_BYTES = 8 << 20;

export async function instanceFacts(item: SourceInstance): Promise<InstanceFacts> {
  if (item.localPath !== undefined && item.size !== undefined && item.size <= WHOLE_LIMIT) {
    const bytes = readFileSync(item.localPath);
    return factsOf(parsePart10(bytes), bytes.length, createHash('sha256').update(bytes).digest('hex'));
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of item.content) {
    const b = chunk as Buffer;
    hash.update(b);
    size += b.length;
    if (size <= WHOLE_LIMIT || kept < HEAD_BYTES) { chunks.push(b); kept += b.length; }
  }
  const sha256 = hash.digest('hex');
  if (size <= WHOLE_LIMIT) return factsOf(parsePart10(Buffer.concat(chunks)), size, sha256);
  const head = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
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
      try {
        inventory.add(await instanceFacts(item));
      } catch (err) {
        if (item.localPath === undefined) item.content.destroy();
        inventory.addRejected(normalizeError(err).code, item.size ?? 0);
      }
    }
    onProgress?.(++files);
  }
  return inventory.report();
}
