/**
 * One file of a folder export, opened once: its identity and size from the open descriptor, its first bytes
 * sniffed, and a file of ordinary size read whole. Every consumer of a folder (inventory, populate, pull)
 * reads each file whole anyway, and reading it here saves a second path lookup, open and close per file (on
 * the 232,084-file cohort the walk's stat, open and sniff were about 9 s of the inventory's main thread).
 * Plain data in and out, so a worker thread can open the files a walk lists.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { normalizeError, oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { ReadScratch } from '@oncoatlas/dicom';
import { sniffBytes } from './sniff.ts';

/** Files up to this size are read whole; larger ones are only sniffed, and their consumers stream them. */
const WHOLE_BYTES = 8 << 20;

export type LocalFile =
  /** A regular file with DICOM's first bytes; `bytes` is the whole file when it is of ordinary size. */
  | { readonly kind: 'dicom'; readonly id: string; readonly size: number; readonly bytes?: Buffer }
  /** A regular file that is not DICOM (a thumbnail, a note). */
  | { readonly kind: 'not-dicom'; readonly id: string }
  /** Not a regular file after all (swapped for a FIFO or a device after the listing). */
  | { readonly kind: 'other' }
  | { readonly kind: 'problem'; readonly error: OncoAtlasError };

/**
 * `scratch`: read into this reused buffer instead of a new one per file; the bytes are then valid only until the
 * next call with it, for a caller that keeps nothing of them (the inventory's reading threads, which keep facts
 * only: a new buffer per file was external memory that made each thread collect its whole heap every few seconds).
 */
export function openLocalFile(path: string, scratch?: ReadScratch): LocalFile {
  try {
    // Non-blocking: a file swapped for a FIFO after the directory was listed must not hang the walk.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return { kind: 'other' };
      // Device and inode: a file reached again through a link is the same file.
      const id = `${st.dev}:${st.ino}`;
      const whole = st.size <= WHOLE_BYTES;
      const head = readUpTo(fd, whole ? st.size : 132, scratch);
      if (sniffBytes(head.subarray(0, 132)) === 'not-dicom') return { kind: 'not-dicom', id };
      return whole ? { kind: 'dicom', id, size: head.length, bytes: head } : { kind: 'dicom', id, size: st.size };
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { kind: 'problem', error: normalizeError(err) };
  }
}

/** The problem a stray file is reported as. */
export function notDicom(): OncoAtlasError {
  return oncoError('DICOM_NOT_PART10', 'Not a DICOM file (no DICM prefix and no recognisable dataset).');
}

/** Up to `length` bytes from the start of an open file (fewer when it was cut short since it was listed). */
function readUpTo(fd: number, length: number, scratch?: ReadScratch): Buffer {
  const buffer = scratch ? scratch.take(length).subarray(0, length) : Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buffer : buffer.subarray(0, got);
}
