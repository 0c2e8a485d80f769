import { inflateRawSync } from 'node:zlib';
import { oncoError } from '@oncoatlas/core';
import { parseDataSet, readTagAt, readUint32, type ParseOptions } from './dataset-parser.ts';
import { EXPLICIT_LE, findElement, syntaxOf, type DataSet, type EncodingSyntax } from './dataset.ts';
import { IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, transferSyntaxOf, type TransferSyntax } from './transfer-syntax.ts';
import { hasLongLength, vrFromBytes } from './vr.ts';
import { uidValue } from './values.ts';

export interface DicomFile {
  /** Bytes the meta offsets refer to (the file, or its first chunk when streamed). */
  readonly source: Uint8Array;
  /** True when the file had the 128-byte preamble and 'DICM'; files without are read as bare datasets. */
  readonly hasPreamble: boolean;
  readonly meta: DataSet;
  readonly transferSyntax: TransferSyntax;
  /** Bytes the dataset offsets refer to: the same as `source`, or the inflated dataset when deflated. */
  readonly buffer: Uint8Array;
  readonly dataset: DataSet;
  /** Offset in `source` where the dataset begins. */
  readonly datasetOffset: number;
}

const TS_TAG = 0x00020010;
const EMPTY_META: DataSet = { elements: [], offset: 0, end: 0, itemOffset: 0, undefinedLength: false, syntax: EXPLICIT_LE };

function hasDicmPrefix(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** End of the File Meta group: elements are explicit VR LE and in group 0002 (PS3.10 7.1). */
function metaEnd(b: Uint8Array, start: number): number {
  let p = start;
  while (p + 8 <= b.length) {
    if ((b[p]! | (b[p + 1]! << 8)) !== 0x0002) break;
    const vr = vrFromBytes(b[p + 4]!, b[p + 5]!);
    if (!vr) throw oncoError('DICOM_MALFORMED', 'The File Meta Information is not explicit VR little endian.', { offset: p });
    if (hasLongLength(vr)) {
      if (p + 12 > b.length) break;
      p += 12 + readUint32(b, p + 8, true);
    } else {
      p += 8 + (b[p + 6]! | (b[p + 7]! << 8));
    }
  }
  if (p > b.length) throw oncoError('DICOM_TRUNCATED', 'The file ends inside the File Meta Information.', { offset: p, size: b.length });
  return p;
}

/** Explicit or implicit VR little endian, judged from the first element (for files without a meta header). */
function sniffSyntax(b: Uint8Array, at: number): TransferSyntax | undefined {
  if (b.length < at + 8) return undefined;
  const group = readTagAt(b, at, true) >>> 16;
  if (group === 0 || group > 0x0100 || group % 2 === 1) return undefined;
  return vrFromBytes(b[at + 4]!, b[at + 5]!) ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
}

/**
 * Reads a Part 10 file held in memory. With `stopAtPixelData`, `b` may be just the start of the file: the
 * dataset ends at the pixel data element (marked external) and the caller streams the rest.
 */
export function parsePart10(b: Uint8Array, options: ParseOptions = {}): DicomFile {
  let start: number;
  let hasPreamble = true;
  if (hasDicmPrefix(b)) start = 132;
  else {
    hasPreamble = false;
    start = 0;
    if (!sniffSyntax(b, 0)) {
      throw oncoError('DICOM_NOT_PART10', 'Not a DICOM file: no DICM prefix and no recognisable dataset.', { size: b.length });
    }
  }
  const mEnd = metaEnd(b, start);
  const meta = mEnd > start ? parseDataSet(b, start, mEnd, EXPLICIT_LE) : EMPTY_META;
  const tsElement = findElement(meta, TS_TAG);
  let transferSyntax: TransferSyntax;
  if (tsElement) transferSyntax = transferSyntaxOf(uidValue(b, tsElement));
  else {
    const sniffed = sniffSyntax(b, mEnd);
    if (!sniffed) throw oncoError('DICOM_NOT_PART10', 'No transfer syntax and no recognisable dataset after the meta header.', { offset: mEnd });
    transferSyntax = sniffed;
  }
  if (transferSyntax.deflated) {
    let inflated: Uint8Array;
    try {
      inflated = inflateRawSync(b.subarray(mEnd));
    } catch (err) {
      throw oncoError('DICOM_MALFORMED', 'The deflated dataset cannot be inflated.', { offset: mEnd }, err);
    }
    const dataset = parseDataSet(inflated, 0, inflated.length, EXPLICIT_LE, options);
    return { source: b, hasPreamble, meta, transferSyntax, buffer: inflated, dataset, datasetOffset: mEnd };
  }
  const syntax: EncodingSyntax = syntaxOf(transferSyntax);
  const dataset = parseDataSet(b, mEnd, b.length, syntax, options);
  return { source: b, hasPreamble, meta, transferSyntax, buffer: b, dataset, datasetOffset: mEnd };
}

