/**
 * The identifiers a held instance's source header holds, to check a reviewer's redaction against: OCR of
 * the redacted pixels must read none of them. The held file's header is de-identified already, so only the
 * hospital's file can say what to look for; it is found through the ledger's sealed source path. A source
 * that is gone (moved, deleted, an export taken offline) means the redaction cannot be verified, which is
 * said, not a failure: the reviewer's boxes are still applied.
 */
import { readFileSync } from 'node:fs';
import { parsePart10 } from '@oncoatlas/dicom';
import type { InstanceRow, SourcePathKeys } from '@oncoatlas/store';
import { identifiersOf, type InstanceIdentifiers } from '../ocr/identifiers.ts';

/** Errors of reading a file that mean "not there any more", not a fault of the node. */
const GONE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM']);

/**
 * The source's identifiers, or null when its file cannot be read or parsed. SECRET_MISMATCH (keys of
 * another site secret) is thrown: that is a wrong configuration to fix, not a source that is gone.
 *
 * @example
 * const ids = sourceIdentifiers(SourcePathKeys.fromSiteSecret(secret), instanceRow);
 */
export function sourceIdentifiers(paths: SourcePathKeys, row: Pick<InstanceRow, 'source_key' | 'source_sealed'>): InstanceIdentifiers | null {
  if (!row.source_sealed) return null;
  const path = paths.open({ source_key: row.source_key, source_sealed: row.source_sealed });
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
  try {
    return identifiersOf(parsePart10(bytes));
  } catch {
    return null;
  }
}
