import { isOncoAtlasError } from '@oncoatlas/core';
import {
  concatSegments, formatTag, isFileRange, keywordOf, parseDataSet, parsePart10, PIXEL_DATA, stringAt, syntaxOf,
  type DataSet, type Segment,
} from '@oncoatlas/dicom';
import { CODE_ATTRIBUTES } from './coded-entries.ts';
import type { NeedleIndex } from './identifier-scan.ts';

export type Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'DEID_VERIFY_FAILED' | 'DEID_OUTPUT_INVALID'; readonly reason: string };

/** Binary numeric values cannot spell a name or an ID; scanning them only finds coincidences. */
const UNSCANNED_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV', 'AT', 'OW']);

const SOP_INSTANCE_UID = 0x00080018;
const MEDIA_SOP_INSTANCE_UID = 0x00020003;
const PATIENT_IDENTITY_REMOVED = 0x00120062;

/**
 * Re-parses an output and scans it for every identifying value of its input. Values are scanned element by
 * element at every depth, including encapsulated pixel fragments (a JPEG comment can hold a name); native
 * pixel data and binary numeric values are not. Streamed pixel data (large files) is not in memory and is
 * not scanned: it is copied byte for byte from the input.
 */
export function verifyOutput(segments: readonly Segment[], needles: NeedleIndex, scratch?: { take(size: number): Uint8Array }): Verification {
  const split = splitAtPixelData(segments, scratch);
  let parsed;
  try {
    parsed = parsePart10(split.head, { stopAtPixelData: split.tailFrom >= 0 });
    const last = parsed.dataset.elements[parsed.dataset.elements.length - 1];
    if (split.pixelAt >= 0 && !(last?.external && last.offset === split.pixelAt)) {
      // What looked like the pixel data element was not where the dataset put it: check everything.
      return verifyWhole(segments, needles, scratch);
    }
  } catch (err) {
    const code = isOncoAtlasError(err) ? err.code : 'INTERNAL';
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: `the output does not re-parse (${code})` };
  }
  const sets: [Uint8Array, DataSet][] = [[parsed.source, parsed.meta], [parsed.buffer, parsed.dataset]];
  if (split.tailFrom >= 0 && split.tailFrom < segments.length) {
    const tail = concatSegments(segments.slice(split.tailFrom));
    try {
      sets.push([tail, parseDataSet(tail, 0, tail.length, syntaxOf(parsed.transferSyntax))]);
    } catch {
      return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'the elements after the pixel data do not re-parse' };
    }
  }
  for (const [buf, ds] of sets) {
    const leak = scanDataSet(buf, ds, needles);
    if (leak) return { ok: false, code: 'DEID_VERIFY_FAILED', reason: leak };
  }
  const sop = stringAt(parsed.buffer, parsed.dataset, SOP_INSTANCE_UID);
  const media = stringAt(parsed.source, parsed.meta, MEDIA_SOP_INSTANCE_UID);
  if (sop !== undefined && sop !== media) {
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'MediaStorageSOPInstanceUID does not match SOPInstanceUID' };
  }
  if (stringAt(parsed.buffer, parsed.dataset, PATIENT_IDENTITY_REMOVED) !== 'YES') {
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'PatientIdentityRemoved is not YES' };
  }
  return { ok: true };
}

function verifyWhole(segments: readonly Segment[], needles: NeedleIndex, scratch?: { take(size: number): Uint8Array }): Verification {
  return verifyOutput([concatSegments(segments, scratch)], needles);
}

interface Split {
  /** Bytes up to and including the header of the pixel data element (or everything). */
  readonly head: Uint8Array;
  /** Index of the first segment after the pixel data value, or -1 when `head` is the whole output. */
  readonly tailFrom: number;
  /** Offset in `head` where the pixel data element must start, when found by its bytes; else -1. */
  readonly pixelAt: number;
}

const PIXEL_TAG_LE = [0xe0, 0x7f, 0x10, 0x00];
const PIXEL_TAG_BE = [0x7f, 0xe0, 0x00, 0x10];

function startsWith(s: Uint8Array, bytes: readonly number[]): boolean {
  return s.length >= 12 && bytes.every((b, i) => s[i] === b);
}

/**
 * Native pixel data is neither scanned nor needed to re-parse the header, so when it sits in a segment of its
 * own (streamed from the file, or referenced in place because it is large) only the bytes around it are
 * concatenated: a 512 KB CT slice is not copied once more just to be skipped. Encapsulated pixel data is
 * always re-read whole, since its fragments are scanned.
 */
function splitAtPixelData(segments: readonly Segment[], scratch?: { take(size: number): Uint8Array }): Split {
  const rangeAt = segments.findIndex(isFileRange);
  if (rangeAt >= 0) return { head: concatSegments(segments.slice(0, rangeAt), scratch), tailFrom: rangeAt + 1, pixelAt: -1 };
  for (let k = 1; k < segments.length; k++) {
    const seg = segments[k] as Uint8Array;
    const le = startsWith(seg, PIXEL_TAG_LE);
    if (!le && !startsWith(seg, PIXEL_TAG_BE)) continue;
    const explicit = seg[4]! >= 0x41 && seg[4]! <= 0x5a && seg[5]! >= 0x41 && seg[5]! <= 0x5a;
    const headerLength = explicit ? 12 : 8;
    const lengthBytes = seg.subarray(headerLength - 4, headerLength);
    if (lengthBytes.every((b) => b === 0xff)) continue; // undefined length: encapsulated
    const head = concatSegments([...(segments.slice(0, k) as Uint8Array[]), seg.subarray(0, headerLength)], scratch);
    return { head, tailFrom: k + 1, pixelAt: head.length - headerLength };
  }
  return { head: concatSegments(segments, scratch), tailFrom: -1, pixelAt: -1 };
}

function scanDataSet(buf: Uint8Array, ds: DataSet, needles: NeedleIndex, path = ''): string | undefined {
  for (const el of ds.elements) {
    if (el.items) {
      for (const item of el.items) {
        const leak = scanDataSet(buf, item, needles, `${whereOf(path, el.tag)} > `);
        if (leak) return leak;
      }
      continue;
    }
    if (el.fragments) {
      for (const f of el.fragments) {
        const hit = needles.first(buf, f.valueOffset, f.valueOffset + f.length);
        if (hit) return describe(hit.needle.source, hit.needle.kind, `${whereOf(path, el.tag)} fragment`);
      }
      continue;
    }
    if (el.external || (el.tag === PIXEL_DATA && path === '') || UNSCANNED_VRS.has(el.vr)) continue;
    // In a coded entry only a name, a date or a UID counts: a code meaning may equal a removed description.
    const hit = needles.first(buf, el.valueOffset, el.valueOffset + el.length, CODE_ATTRIBUTES.has(el.tag));
    if (hit) return describe(hit.needle.source, hit.needle.kind, whereOf(path, el.tag));
  }
  return undefined;
}

/** Where in the output a leak is: built only when there is one (formatting a path per element cost more than the scan). */
function whereOf(path: string, tag: number): string {
  return `${path}${keywordOf(tag)} ${formatTag(tag)}`;
}

/** Names the attributes, never the value: the reason goes to reports and logs. */
function describe(source: string, kind: string, where: string): string {
  return `identifying value (${kind}) of ${source} found in output ${where}`;
}

