/**
 * A CD or DVD import read through its DICOMDIR (PS3.10 Basic Directory): every record that references a
 * file becomes an instance, with the study it belongs to known from the STUDY record above it. The records
 * are walked by their offsets, as the standard intends. ReferencedFileID components are matched
 * case-insensitively, because CDs burnt on one system are often copied with another's case rules.
 * A record whose file is missing is a problem item; the rest of the directory is still read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalizeError, oncoError } from '@oncoatlas/core';
import { asciiValue, findElement, parsePart10, splitValues, type DataSet, type DicomFile } from '@oncoatlas/dicom';
import { fileInstance, type SourceItem, type StudySource } from '../source.ts';

const RECORD_SEQUENCE = 0x00041220;
const NEXT = 0x00041400;
const LOWER = 0x00041420;
const RECORD_TYPE = 0x00041430;
const FILE_ID = 0x00041500;
const SOP_UID_IN_FILE = 0x00041511;
const STUDY_UID = 0x0020000d;
const FIRST_ROOT = 0x00041200;

export interface DirectoryEntry {
  readonly file: readonly string[];
  readonly recordType: string;
  readonly studyInstanceUid?: string;
  readonly sopInstanceUid?: string;
}

function u32(f: DicomFile, ds: DataSet, tag: number): number {
  const el = findElement(ds, tag);
  if (!el || el.length < 4) return 0;
  const b = f.buffer;
  const p = el.valueOffset;
  return f.dataset.syntax.littleEndian ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0 : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

function text(f: DicomFile, ds: DataSet, tag: number): string | undefined {
  const el = findElement(ds, tag);
  return el ? asciiValue(f.buffer, el) : undefined;
}

/** Lists the file-referencing records of a DICOMDIR, following offsets (falls back to sequence order). */
export function readDicomdir(bytes: Uint8Array): DirectoryEntry[] {
  const f = parsePart10(bytes);
  const seq = findElement(f.dataset, RECORD_SEQUENCE);
  if (!seq?.items) throw oncoError('DICOM_MALFORMED', 'The DICOMDIR has no Directory Record Sequence (0004,1220).');
  // Offsets count from the first byte of the file; items know where their header starts.
  const byOffset = new Map<number, DataSet>();
  for (const item of seq.items) byOffset.set(item.itemOffset, item);
  const out: DirectoryEntry[] = [];
  const visited = new Set<number>();
  const walk = (offset: number, study: string | undefined): void => {
    for (let at = offset; at !== 0 && !visited.has(at);) {
      visited.add(at);
      const rec = byOffset.get(at);
      if (!rec) throw oncoError('DICOM_MALFORMED', 'A DICOMDIR record offset points to no record.', { offset: at });
      const type = text(f, rec, RECORD_TYPE) ?? '';
      const studyUid = type === 'STUDY' ? text(f, rec, STUDY_UID) : study;
      const fileId = text(f, rec, FILE_ID);
      if (fileId) {
        out.push({ file: splitValues(fileId), recordType: type, ...(studyUid ? { studyInstanceUid: studyUid } : {}), ...(text(f, rec, SOP_UID_IN_FILE) ? { sopInstanceUid: text(f, rec, SOP_UID_IN_FILE)! } : {}) });
      }
      const lower = u32(f, rec, LOWER);
      if (lower) walk(lower, studyUid);
      at = u32(f, rec, NEXT);
    }
  };
  const first = u32(f, f.dataset, FIRST_ROOT);
  if (first && byOffset.has(first)) walk(first, undefined);
  else {
    // No usable offsets (some writers leave them zero): the records in sequence order still list the files.
    let study: string | undefined;
    for (const rec of seq.items) {
      const type = text(f, rec, RECORD_TYPE) ?? '';
      if (type === 'STUDY') study = text(f, rec, STUDY_UID);
      const fileId = text(f, rec, FILE_ID);
      if (fileId) out.push({ file: splitValues(fileId), recordType: type, ...(study ? { studyInstanceUid: study } : {}) });
    }
  }
  return out;
}

/** Resolves path components case-insensitively below `base`. */
function resolveCaseInsensitive(base: string, parts: readonly string[]): string | undefined {
  let at = base;
  for (const part of parts) {
    const direct = join(at, part);
    try { statSync(direct); at = direct; continue; } catch { /* try other cases */ }
    let names: string[];
    try { names = readdirSync(at); } catch { return undefined; }
    const hit = names.find((n) => n.toUpperCase() === part.toUpperCase() || n.toUpperCase() === `${part.toUpperCase()}.`);
    if (!hit) return undefined;
    at = join(at, hit);
  }
  return at;
}

export class DicomdirSource implements StudySource {
  readonly kind = 'dicomdir' as const;
  readonly #path: string;

  constructor(o: { readonly dicomdir: string }) {
    this.#path = o.dicomdir;
  }

  async *items(signal?: AbortSignal): AsyncIterable<SourceItem> {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(this.#path);
    } catch (err) {
      throw oncoError('SOURCE_NOT_FOUND', 'The DICOMDIR does not exist or cannot be read; check the path.', {}, err);
    }
    let entries: DirectoryEntry[];
    try {
      entries = readDicomdir(bytes);
    } catch (err) {
      throw normalizeError(err);
    }
    const base = dirname(this.#path);
    for (const [i, e] of entries.entries()) {
      if (signal?.aborted) return;
      const path = resolveCaseInsensitive(base, e.file);
      if (!path) {
        yield { kind: 'problem', origin: join(base, ...e.file), error: oncoError('SOURCE_NOT_FOUND', 'A DICOMDIR record references a file that is not on the medium.', { record: i + 1 }) };
        continue;
      }
      yield fileInstance(path, statSync(path).size, {
        ...(e.studyInstanceUid ? { studyInstanceUid: e.studyInstanceUid } : {}),
        ...(e.sopInstanceUid ? { sopInstanceUid: e.sopInstanceUid } : {}),
      });
    }
  }
}
