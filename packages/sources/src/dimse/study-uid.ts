import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants as zlib, createInflateRaw } from 'node:zlib';
import { isOncoAtlasError } from '@oncoatlas/core';
import { findElement, parseDataSet, syntaxOf, transferSyntaxOf, uidValue, type DataSet, type EncodingSyntax } from '@oncoatlas/dicom';
import { isPlainUid } from './part10-meta.ts';

/*
 * The Study Instance UID of a received instance, read from the bytes on disk with our own parser: the
 * C-STORE command names the SOP instance but not the study, and the folder layout needs the study.
 *
 * Only the start of the dataset is read, in growing windows: (0020,000D) comes early (elements are in tag
 * order), pixel data stops the parse, and a large element further on (an encapsulated PDF, a waveform) is
 * cut by the window; the elements before the cut are parsed again without it. A deflated dataset is
 * inflated as a stream up to the window, never whole.
 */

const STUDY_INSTANCE_UID = 0x0020000d;
const WINDOWS = [64 << 10, 1 << 20, 16 << 20, 64 << 20];

export type StudyUidResult =
  | { readonly kind: 'found'; readonly uid: string }
  /** No usable (0020,000D): absent, empty, or not a plain UID (so not safe as a folder name). */
  | { readonly kind: 'absent' }
  /** The dataset cannot be parsed up to where (0020,000D) would be. */
  | { readonly kind: 'unreadable' }
  /** Undecided within the largest window (a huge element before (0020,000D)). */
  | { readonly kind: 'unknown' };

interface Head {
  readonly bytes: Uint8Array;
  /** True when `bytes` holds the whole dataset. */
  readonly complete: boolean;
}

async function plainHead(path: string, offset: number, max: number): Promise<Head> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size - offset;
    const length = Math.max(0, Math.min(size, max));
    const bytes = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await fh.read(bytes, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { bytes: bytes.subarray(0, done), complete: size <= max };
  } finally {
    await fh.close();
  }
}

async function inflatedHead(path: string, offset: number, max: number): Promise<Head> {
  const chunks: Buffer[] = [];
  let n = 0;
  // SYNC_FLUSH: a damaged or cut stream yields what it can instead of failing outright.
  const inflater = createInflateRaw({ finishFlush: zlib.Z_SYNC_FLUSH });
  const source = createReadStream(path, { start: offset });
  source.on('error', (err) => inflater.destroy(err));
  source.pipe(inflater);
  let complete = true;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      n += chunk.length;
      if (n > max) { complete = false; break; }
    }
  } catch (err) {
    // A corrupt deflate stream: judge what inflated before the damage as the whole dataset.
    if (!(err instanceof Error && 'code' in err && String(err.code).startsWith('Z_'))) throw err;
  } finally {
    source.destroy();
    inflater.destroy();
  }
  return { bytes: Buffer.concat(chunks).subarray(0, max), complete };
}

type Verdict = StudyUidResult | { readonly kind: 'more' };

function fromDataSet(b: Uint8Array, ds: DataSet): StudyUidResult {
  const el = findElement(ds, STUDY_INSTANCE_UID);
  if (!el || el.items !== null || el.external) return { kind: 'absent' };
  const uid = uidValue(b, el);
  return isPlainUid(uid) ? { kind: 'found', uid } : { kind: 'absent' };
}

/** Whether a parse that ended at `ds` has seen far enough: past (0020,000D) in tag order. */
function decided(ds: DataSet): boolean {
  const last = ds.elements[ds.elements.length - 1];
  return last !== undefined && last.tag >= STUDY_INSTANCE_UID;
}

function judge(head: Head, syntax: EncodingSyntax): Verdict {
  const b = head.bytes;
  try {
    const ds = parseDataSet(b, 0, b.length, syntax, { stopAtPixelData: true });
    // The whole head parsed: decided if complete, or if it already went past the study UID.
    if (head.complete || decided(ds)) return fromDataSet(b, ds);
    return { kind: 'more' };
  } catch (err) {
    if (!isOncoAtlasError(err)) throw err;
    // Parse again up to the element that failed (cut by the window, or damaged after what we need).
    const at = Number(err.details.offset);
    if (Number.isInteger(at) && at > 0 && at < b.length) {
      try {
        const ds = parseDataSet(b, 0, at, syntax, { stopAtPixelData: true });
        if (decided(ds) || fromDataSet(b, ds).kind === 'found') return fromDataSet(b, ds);
      } catch {
        // the failure is inside an earlier element: a larger window may help, below
      }
    }
    if (!head.complete && err.code === 'DICOM_TRUNCATED') return { kind: 'more' };
    return { kind: 'unreadable' };
  }
}

/**
 * Reads the Study Instance UID of the dataset that starts at `offset` in `path`, encoded in `transferSyntaxUid`
 * (a transfer syntax the receiver accepted, so known to our parser).
 */
export async function readStudyUid(path: string, offset: number, transferSyntaxUid: string): Promise<StudyUidResult> {
  const ts = transferSyntaxOf(transferSyntaxUid);
  const syntax = syntaxOf(ts);
  for (const max of WINDOWS) {
    const head = ts.deflated ? await inflatedHead(path, offset, max) : await plainHead(path, offset, max);
    const verdict = judge(head, syntax);
    if (verdict.kind !== 'more') return verdict;
  }
  return { kind: 'unknown' };
}
