import type { Tag } from './tag.ts';
import type { TransferSyntax } from './transfer-syntax.ts';
import type { VR } from './vr.ts';

/**
 * A parsed element is a view into the source bytes: offsets, never copied values. The writer copies
 * unchanged elements as byte ranges, which is what keeps de-identification close to a file copy.
 */
export interface Element {
  readonly tag: Tag;
  readonly vr: VR;
  /** Absolute offset of the element header in the buffer. */
  readonly offset: number;
  readonly valueOffset: number;
  /** Value length as encoded; UNDEFINED_LENGTH (0xFFFFFFFF) for undefined-length sequences and fragments. */
  readonly length: number;
  /** Absolute offset just past the element, including any sequence delimitation item. */
  readonly end: number;
  /** Items of a sequence (SQ, or an undefined-length UN/private read as implicit VR LE). */
  readonly items: DataSet[] | null;
  /** Fragments of encapsulated pixel data (item 0 is the Basic Offset Table). */
  readonly fragments: Fragment[] | null;
  /** True when the value lies outside the buffer (pixel data streamed from the file). */
  readonly external: boolean;
}

export interface Fragment {
  readonly offset: number;
  readonly valueOffset: number;
  readonly length: number;
}

export interface DataSet {
  readonly elements: Element[];
  /** Offset of the first element (for items: just past the item header). */
  readonly offset: number;
  readonly end: number;
  /** For items: offset of the item header and whether it used an undefined length. */
  readonly itemOffset: number;
  readonly undefinedLength: boolean;
  /** Syntax the dataset is encoded in (an undefined-length UN sequence is implicit VR LE inside). */
  readonly syntax: EncodingSyntax;
}

export interface EncodingSyntax {
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
}

export const IMPLICIT_LE: EncodingSyntax = { explicitVR: false, littleEndian: true };

export function syntaxOf(ts: TransferSyntax): EncodingSyntax {
  if (ts.explicitVR && ts.littleEndian) return EXPLICIT_LE;
  if (!ts.explicitVR) return IMPLICIT_LE;
  return EXPLICIT_BE;
}

export const EXPLICIT_LE: EncodingSyntax = { explicitVR: true, littleEndian: true };
export const EXPLICIT_BE: EncodingSyntax = { explicitVR: true, littleEndian: false };

/** Binary search by tag (elements are in ascending order in conformant data; falls back to a scan). */
export function findElement(ds: DataSet, t: Tag): Element | undefined {
  const els = ds.elements;
  let lo = 0;
  let hi = els.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = els[mid]!.tag;
    if (m === t) return els[mid];
    if (m < t) lo = mid + 1;
    else hi = mid - 1;
  }
  for (const e of els) if (e.tag === t) return e;
  return undefined;
}
