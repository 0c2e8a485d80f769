import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { closeSync, fstatSync, linkSync, openSync, readSync, renameSync, rmSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { isOncoAtlasError, oncoError, PRIVATE_FILE_MODE } from '@oncoatlas/core';
import { isFileRange, type Segment } from './byte-sink.ts';
import { parseDataSet, readTagAt, readUint32 } from './dataset-parser.ts';
import type { DataSet, Element } from './dataset.ts';
import { syntaxOf } from './dataset.ts';
import { parsePart10, type DicomFile } from './part10-reader.ts';
import { ITEM, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH } from './tag.ts';

export interface DicomSource {
  readonly size: number;
  readonly file: DicomFile;
  /** Set when pixel data is streamed: elements after it, in their own buffer. */
  readonly tail?: { readonly buffer: Uint8Array; readonly dataset: DataSet };
  /** True when the pixel data value stays in the file and is copied by range. */
  readonly streamed: boolean;
}

export interface ReadOptions {
  /** Files up to this size are read whole; larger ones stream their pixel data (default 64 MiB). */
  readonly inMemoryLimit?: number;
  /**
   * Reused for the bytes of small files when large enough: the result then views it and is valid until
   * the next read into the same scratch. Saves an allocation (and its garbage) per file.
   */
  readonly scratch?: ReadScratch;
}

/** A growable read buffer owned by one thread. */
export class ReadScratch {
  buffer: Buffer = Buffer.allocUnsafe(1 << 20);

  take(size: number): Buffer {
    if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2));
    return this.buffer;
  }
}

const DEFAULT_IN_MEMORY_LIMIT = 64 * 1024 * 1024;

function readRange(fd: number, start: number, length: number, scratch?: ReadScratch): Uint8Array {
  const b = scratch ? scratch.take(length) : Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, b, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return got === b.length ? b : b.subarray(0, got);
}

/** Reads a file: whole when small, otherwise the header and tail in memory and pixel data left in place. */
export function readDicomFile(path: string, options: ReadOptions = {}): DicomSource {
  const limit = options.inMemoryLimit ?? DEFAULT_IN_MEMORY_LIMIT;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= limit) return { size, file: parsePart10(readRange(fd, 0, size, options.scratch)), streamed: false };
    return readStreamed(fd, size, limit);
  } finally {
    closeSync(fd);
  }
}

function readStreamed(fd: number, size: number, limit: number): DicomSource {
  for (let chunk = Math.min(1 << 20, size); ; chunk = Math.min(chunk * 4, size)) {
    const head = readRange(fd, 0, chunk);
    let file: DicomFile;
    try {
      file = parsePart10(head, { stopAtPixelData: true });
    } catch (err) {
      if (isOncoAtlasError(err, 'DICOM_TRUNCATED') && chunk < size && chunk < limit) continue;
      throw err;
    }
    if (file.transferSyntax.deflated) {
      // The pixel data of a deflated file is inside the compressed stream: it can only be read whole.
      return { size, file: parsePart10(readRange(fd, 0, size)), streamed: false };
    }
    const els = file.dataset.elements;
    const last = els[els.length - 1];
    if (!last?.external) {
      if (chunk < size && chunk < limit) continue;
      throw oncoError('DICOM_MALFORMED', 'A large file has a header over the in-memory limit or no pixel data to stream.', { size });
    }
    const pixel = resolvePixelEnd(fd, size, last, file.dataset.syntax.littleEndian);
    els[els.length - 1] = pixel;
    let tail: DicomSource['tail'];
    if (pixel.end < size) {
      if (size - pixel.end > limit) throw oncoError('DICOM_MALFORMED', 'Too much data after the pixel data.', { size });
      const buffer = readRange(fd, pixel.end, size - pixel.end);
      tail = { buffer, dataset: parseDataSet(buffer, 0, buffer.length, syntaxOf(file.transferSyntax)) };
    }
    return { size, file, tail, streamed: true };
  }
}

/** Finds where streamed pixel data ends, walking fragment item headers for encapsulated data. */
function resolvePixelEnd(fd: number, size: number, el: Element, le: boolean): Element {
  if (el.length !== UNDEFINED_LENGTH) {
    const end = el.valueOffset + el.length;
    if (end > size) throw oncoError('DICOM_TRUNCATED', 'The file ends inside the pixel data.', { offset: el.offset, size });
    return { ...el, end };
  }
  let p = el.valueOffset;
  for (;;) {
    if (p + 8 > size) throw oncoError('DICOM_TRUNCATED', 'The file ends inside the pixel data fragments.', { offset: p, size });
    const h = readRange(fd, p, 8);
    const t = readTagAt(h, 0, le);
    const len = readUint32(h, 4, le);
    if (t === SEQUENCE_DELIMITATION) return { ...el, end: p + 8 };
    if (t !== ITEM || len === UNDEFINED_LENGTH) throw oncoError('DICOM_MALFORMED', 'Encapsulated pixel data holds something other than fragments.', { offset: p });
    p += 8 + len;
  }
}

/**
 * Writes segments to `path` through a temporary name and a rename, so a reader (or a crash) never sees a
 * partial file. File ranges are copied from `sourcePath` in 1 MiB blocks: memory stays flat. The file is
 * owner-only from its creation: a de-identified instance is still personal data (pseudonymised, not
 * anonymous), and the folders OncoAtlas writes it into are shared by nobody else.
 */
export function writeSegmentsAtomic(
  path: string,
  segments: readonly Segment[],
  sourcePath?: string,
  ifExists: 'replace' | 'keep' = 'replace',
  tmpDir?: string,
): 'written' | 'exists' {
  // In a folder of its own (same file system) when given, so a crash leaves nothing in the output tree.
  const tmp = tmpDir ? join(tmpDir, `${basename(path)}.${process.pid}-${threadId}`) : `${path}.partial-${process.pid}-${threadId}`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
  let ok = false;
  try {
    let batch: Uint8Array[] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      let total = 0;
      for (const b of batch) total += b.length;
      const n = writevSync(fd, batch);
      // writev may write less than asked (signals, quotas): finish the rest with plain writes.
      if (n < total) writeRemainder(fd, batch, n);
      batch = [];
    };
    for (const s of segments) {
      if (!isFileRange(s)) { batch.push(s); continue; }
      flush();
      copyRange(fd, s.start, s.end, sourcePath);
    }
    flush();
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(tmp, { force: true });
  }
  if (ifExists === 'replace') {
    renameSync(tmp, path);
    return 'written';
  }
  // link() fails when the name exists, atomically: two writers of one name never overwrite each other.
  try {
    linkSync(tmp, path);
    return 'written';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/** SHA-256 of what the segments would write: to compare an output with a file already there. */
export function segmentsDigest(segments: readonly Segment[], sourcePath?: string): string {
  const h = createHash('sha256');
  for (const s of segments) {
    if (!isFileRange(s)) { h.update(s); continue; }
    if (!sourcePath) throw new Error('segmentsDigest: a file range needs the source path');
    forEachBlock(sourcePath, s.start, s.end, (b) => h.update(b));
  }
  return h.digest('hex');
}

export function fileDigest(path: string): string {
  const h = createHash('sha256');
  forEachBlock(path, 0, fstatSizeOf(path), (b) => h.update(b));
  return h.digest('hex');
}

function fstatSizeOf(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

function forEachBlock(path: string, start: number, end: number, fn: (b: Uint8Array) => void): void {
  const fd = openSync(path, 'r');
  const block = Buffer.allocUnsafe(1 << 20);
  try {
    for (let p = start; p < end; ) {
      const n = readSync(fd, block, 0, Math.min(block.length, end - p), p);
      if (n === 0) break;
      fn(block.subarray(0, n));
      p += n;
    }
  } finally {
    closeSync(fd);
  }
}

function writeRemainder(fd: number, batch: readonly Uint8Array[], written: number): void {
  let skip = written;
  for (const b of batch) {
    if (skip >= b.length) { skip -= b.length; continue; }
    let w = skip;
    skip = 0;
    while (w < b.length) w += writeSync(fd, b, w, b.length - w);
  }
}

function copyRange(outFd: number, start: number, end: number, sourcePath: string | undefined): void {
  if (!sourcePath) throw new Error('writeSegmentsAtomic: a file range needs the source path');
  const inFd = openSync(sourcePath, 'r');
  const block = Buffer.allocUnsafe(1 << 20);
  try {
    for (let p = start; p < end; ) {
      const n = readSync(inFd, block, 0, Math.min(block.length, end - p), p);
      if (n === 0) throw oncoError('DICOM_TRUNCATED', 'The source file shrank while it was copied.', { offset: p });
      let w = 0;
      while (w < n) w += writeSync(outFd, block, w, n - w);
      p += n;
    }
  } finally {
    closeSync(inFd);
  }
}
