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
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

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
