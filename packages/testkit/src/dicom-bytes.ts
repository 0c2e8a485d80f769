import { deflateRawSync } from 'node:zlib';

/*
 * A deliberately small DICOM byte assembler for test fixtures. It shares no code with packages/dicom on
 * purpose: fixtures written by an independent encoder are what let the tests catch a bug in our reader or
 * writer instead of reproducing it on both sides.
 */

export type Value = string | Uint8Array | readonly number[];

export interface El {
  readonly tag: number;
  readonly vr: string;
  readonly value?: Value;
  readonly items?: readonly (readonly El[])[];
  /** Sequence (and its items) written with undefined length and delimiters. */
  readonly undefinedLength?: boolean;
  /** Encapsulated pixel data: fragment 0 is the Basic Offset Table. */
  readonly fragments?: readonly Uint8Array[];
}

export interface Encoding {
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
}

export const EXPLICIT_LE: Encoding = { explicitVR: true, littleEndian: true };
export const IMPLICIT_LE: Encoding = { explicitVR: false, littleEndian: true };
export const EXPLICIT_BE: Encoding = { explicitVR: true, littleEndian: false };

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export const el = (tag: number, vr: string, value?: Value): El => ({ tag, vr, value });
export const sq = (tag: number, items: readonly (readonly El[])[], undefinedLength = false): El => ({ tag, vr: 'SQ', items, undefinedLength });

function u16(n: number, le: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(n); else b.writeUInt16BE(n);
  return b;
}

function u32(n: number, le: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(n >>> 0); else b.writeUInt32BE(n >>> 0);
  return b;
}

function tagBytes(tag: number, le: boolean): Buffer {
  return Buffer.concat([u16(tag >>> 16, le), u16(tag & 0xffff, le)]);
}

function numbers(vr: string, values: readonly number[], le: boolean): Buffer {
  const size = vr === 'US' || vr === 'SS' || vr === 'OW' ? 2 : vr === 'FD' || vr === 'OD' ? 8 : vr === 'OB' ? 1 : 4;
  const b = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    const o = i * size;
    switch (vr) {
      case 'US': case 'OW': le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o); break;
      case 'SS': le ? b.writeInt16LE(v, o) : b.writeInt16BE(v, o); break;
      case 'UL': case 'OL': le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o); break;
      case 'SL': le ? b.writeInt32LE(v, o) : b.writeInt32BE(v, o); break;
      case 'FL': case 'OF': le ? b.writeFloatLE(v, o) : b.writeFloatBE(v, o); break;
      case 'FD': case 'OD': le ? b.writeDoubleLE(v, o) : b.writeDoubleBE(v, o); break;
      case 'OB': b[o] = v; break;
      case 'AT': le ? (b.writeUInt16LE(v >>> 16, o), b.writeUInt16LE(v & 0xffff, o + 2)) : (b.writeUInt16BE(v >>> 16, o), b.writeUInt16BE(v & 0xffff, o + 2)); break;
      default: throw new Error(`numbers: VR ${vr}`);
    }
  });
  return b;
}

function valueBytes(e: El, le: boolean): Buffer {
  const v = e.value;
  let b: Buffer;
  if (v === undefined) b = Buffer.alloc(0);
  else if (typeof v === 'string') b = Buffer.from(v, 'latin1');
  else if (v instanceof Uint8Array) b = Buffer.from(v);
  else b = numbers(e.vr, v, le);
  if (b.length % 2) b = Buffer.concat([b, Buffer.from([e.vr === 'UI' || e.vr === 'OB' || e.vr === 'UN' ? 0 : 0x20])]);
  return b;
}

function header(tag: number, vr: string, length: number, enc: Encoding): Buffer {
  const le = enc.littleEndian;
  if (!enc.explicitVR) return Buffer.concat([tagBytes(tag, le), u32(length, le)]);
  if (LONG_VRS.has(vr)) return Buffer.concat([tagBytes(tag, le), Buffer.from(vr, 'latin1'), u16(0, le), u32(length, le)]);
  return Buffer.concat([tagBytes(tag, le), Buffer.from(vr, 'latin1'), u16(length, le)]);
}

export function encodeElements(elements: readonly El[], enc: Encoding): Buffer {
  const le = enc.littleEndian;
  const parts: Buffer[] = [];
  for (const e of [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0))) {
    if (e.items) {
      const items = e.items.map((item) => {
        const body = encodeElements(item, enc);
        return e.undefinedLength
          ? Buffer.concat([tagBytes(0xfffee000, le), u32(0xffffffff, le), body, tagBytes(0xfffee00d, le), u32(0, le)])
          : Buffer.concat([tagBytes(0xfffee000, le), u32(body.length, le), body]);
      });
      const body = Buffer.concat(items);
      if (e.undefinedLength) parts.push(header(e.tag, 'SQ', 0xffffffff, enc), body, tagBytes(0xfffee0dd, le), u32(0, le));
      else parts.push(header(e.tag, 'SQ', body.length, enc), body);
    } else if (e.fragments) {
      parts.push(header(e.tag, e.vr, 0xffffffff, enc));
      for (const f of e.fragments) {
        const padded = f.length % 2 ? Buffer.concat([Buffer.from(f), Buffer.alloc(1)]) : Buffer.from(f);
        parts.push(tagBytes(0xfffee000, le), u32(padded.length, le), padded);
      }
      parts.push(tagBytes(0xfffee0dd, le), u32(0, le));
    } else {
      const v = valueBytes(e, le);
      parts.push(header(e.tag, e.vr, v.length, enc), v);
    }
  }
  return Buffer.concat(parts);
}

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
} as const;

export interface Part10Input {
  readonly transferSyntax: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly dataset: readonly El[];
  /** Extra File Meta elements (e.g. Source Application Entity Title, Private Information). */
  readonly meta?: readonly El[];
}

/** A Part 10 file: preamble, 'DICM', File Meta (explicit VR LE with group length), then the dataset. */
export function part10(input: Part10Input): Buffer {
  const meta = encodeElements([
    el(0x00020001, 'OB', new Uint8Array([0, 1])),
    el(0x00020002, 'UI', input.sopClassUid),
    el(0x00020003, 'UI', input.sopInstanceUid),
    el(0x00020010, 'UI', input.transferSyntax),
    el(0x00020012, 'UI', '1.2.826.0.1.3680043.10.1234.1'),
    el(0x00020013, 'SH', 'TESTKIT_1'),
    ...(input.meta ?? []),
  ], EXPLICIT_LE);
  const groupLength = encodeElements([el(0x00020000, 'UL', [meta.length])], EXPLICIT_LE);
  const ts = input.transferSyntax;
  const enc = ts === TS.implicitLE ? IMPLICIT_LE : ts === TS.explicitBE ? EXPLICIT_BE : EXPLICIT_LE;
  let body = encodeElements(input.dataset, enc);
  if (ts === TS.deflated) body = deflateRawSync(body);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), groupLength, meta, body]);
}
