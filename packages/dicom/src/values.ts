import type { DataSet, Element } from './dataset.ts';
import { findElement } from './dataset.ts';
import type { Tag } from './tag.ts';

/*
 * Accessors for values of the VRs restricted to the default repertoire (UI, CS, DA, TM, IS, DS, AS, AE).
 * Text in a character set (PN, LO, SH, ST, LT, UT, UC) is read with charset.ts.
 */

function trimmedEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0x00)) end--;
  return end;
}

/** Value bytes without trailing space/NUL padding. */
export function valueBytes(b: Uint8Array, el: Element): Uint8Array {
  return b.subarray(el.valueOffset, trimmedEnd(b, el.valueOffset, el.valueOffset + el.length));
}

/** A default-repertoire string value, padding removed at both ends (leading spaces are insignificant too). */
export function asciiValue(b: Uint8Array, el: Element): string {
  let s = el.valueOffset;
  const e = trimmedEnd(b, s, s + el.length);
  while (s < e && b[s] === 0x20) s++;
  // Short values by a loop; longer ones (UIDs) in one native latin1 decode: building a 60-character UID a
  // character at a time cost 8x as much and left a chain of intermediate strings per value.
  if (e - s <= SHORT_VALUE) {
    let out = '';
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  return latin1Slice.call(b, s, Math.min(e, b.length));
}

const SHORT_VALUE = 12;
/** Buffer's own latin1 decoder (byte n -> code unit n, exactly what the loop builds), applied to any Uint8Array. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

export function uidValue(b: Uint8Array, el: Element): string {
  return asciiValue(b, el);
}

export function stringAt(b: Uint8Array, ds: DataSet, t: Tag): string | undefined {
  const el = findElement(ds, t);
  return el && !el.external && el.items === null ? asciiValue(b, el) : undefined;
}

export function uint16Value(b: Uint8Array, el: Element, littleEndian: boolean): number | undefined {
  if (el.length < 2) return undefined;
  const p = el.valueOffset;
  return littleEndian ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
}

/** The values of a multi-valued string (backslash-separated). */
export function splitValues(s: string): string[] {
  return s === '' ? [] : s.split('\\');
}
