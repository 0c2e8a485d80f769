/**
 * What reading one listed file of a local export gives, in plain data so it can cross from a worker thread:
 * the file's identity (a file reached twice through links is read once), and either its facts, why it cannot
 * be used, or that it is no regular file after all.
 */
import type { ErrorCode } from '@oncoatlas/core';
import { ReadScratch } from '@oncoatlas/dicom';
import { fileInstance, notDicom, openLocalFile } from '@oncoatlas/sources';
import type { SealedSource, SourcePathKeys } from '@oncoatlas/store';
import { readInstance, type InstanceReading } from './run-inventory.ts';

export type FileReading =
  | { readonly kind: 'other' }
  /** The file could not be opened or is not DICOM; its identity when it could be opened. */
  | { readonly kind: 'problem'; readonly id: string | null; readonly code: ErrorCode; readonly sealed: SealedSource }
  | { readonly kind: 'read'; readonly id: string; readonly reading: InstanceReading; readonly sealed: SealedSource };

/** This thread's read buffer (readings are made one after the other). */
const scratch = new ReadScratch();

/**
 * Reads a listed file and seals its path (the ledger row's key and sealed path, which the main thread then
 * need not compute: they were a seventh of its work on the cohort).
 */
export async function readListedFile(path: string, paths: SourcePathKeys): Promise<FileReading> {
  // Reused from file to file: a reading keeps facts (strings and numbers), never the bytes.
  const file = openLocalFile(path, scratch);
  switch (file.kind) {
    case 'other': return file;
    case 'problem': return { kind: 'problem', id: null, code: file.error.code, sealed: paths.seal(path) };
    case 'not-dicom': return { kind: 'problem', id: file.id, code: notDicom().code, sealed: paths.seal(path) };
    case 'dicom': return { kind: 'read', id: file.id, reading: await readInstance(fileInstance(path, file.size, {}, file.bytes)), sealed: paths.seal(path) };
  }
}
