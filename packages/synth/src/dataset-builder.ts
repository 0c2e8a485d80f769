/**
 * Writes the synthetic hospital's DICOM datasets. The pipeline's own writer (packages/dicom) only splices
 * existing files; it cannot author one. dcmjs can, but it writes one tidy encoding, and a hospital's export is
 * not tidy: we need implicit VR and big-endian files from old modalities, undefined-length sequences as GE
 * writes them, text in undeclared character sets. So the few rules of PS3.5 encoding live here.
 */
import { lookupKeyword, type VR } from '@oncoatlas/dicom';

export type Item = readonly Attr[];
export type Value = string | readonly string[] | number | readonly number[] | Uint8Array | readonly Item[];

export interface Attr {
  readonly tag: number;
  readonly vr: VR;
  readonly value: Value;
}

export type Syntax = 'explicit-le' | 'implicit-le' | 'explicit-be';

export const TRANSFER_SYNTAX: Record<Syntax, string> = {
  'explicit-le': '1.2.840.10008.1.2.1',
  'implicit-le': '1.2.840.10008.1.2',
  'explicit-be': '1.2.840.10008.1.2.2',
};

/** A standard attribute by keyword; the VR comes from the PS3.6 dictionary (a typo throws). */
export function attr(keyword: string, value: Value, vr?: VR): Attr {
  const info = lookupKeyword(keyword);
  if (!info) throw new Error(`unknown keyword ${keyword}`);
  const dictVr = info.vr === 'NONE' ? 'UN' : info.vr;
  return { tag: info.tag, vr: vr ?? dictVr, value };
}

/** A private (or any) attribute by tag and VR. */
export function raw(tag: number, vr: VR, value: Value): Attr {
  return { tag, vr, value };
}

export interface EncodeOptions {
  readonly syntax: Syntax;
  /** How text values become bytes (the declared or undeclared character set). */
  readonly text: (s: string) => Buffer;
  /** GE and some Philips writers use undefined-length sequences and items. */
  readonly undefinedLengthSequences?: boolean;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);
const ASCII_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UR']);

function pad(bytes: Buffer, vr: VR): Buffer {
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20])]);
}

function binary(vr: VR, values: readonly number[], be: boolean): Buffer {
  const size = vr === 'US' || vr === 'SS' || vr === 'AT' ? 2 : vr === 'FD' ? 8 : 4;
  const b = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    const at = i * size;
    if (vr === 'US' || vr === 'AT') be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at);
    else if (vr === 'SS') be ? b.writeInt16BE(v, at) : b.writeInt16LE(v, at);
    else if (vr === 'UL') be ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at);
    else if (vr === 'SL') be ? b.writeInt32BE(v, at) : b.writeInt32LE(v, at);
    else if (vr === 'FL') be ? b.writeFloatBE(v, at) : b.writeFloatLE(v, at);
    else if (vr === 'FD') be ? b.writeDoubleBE(v, at) : b.writeDoubleLE(v, at);
    else throw new Error(`binary VR ${vr} not supported`);
  });
  return b;
}

function valueBytes(a: Attr, o: EncodeOptions): Buffer {
  const be = o.syntax === 'explicit-be';
  const v = a.value;
  if (v instanceof Uint8Array) {
    if (be && a.vr === 'OW') {
      const b = Buffer.from(v);
      b.swap16();
      return pad(b, a.vr);
    }
    return pad(Buffer.from(v.buffer, v.byteOffset, v.byteLength), a.vr);
  }
  if (typeof v === 'number' || (Array.isArray(v) && typeof v[0] === 'number')) {
    const nums = typeof v === 'number' ? [v] : (v as number[]);
    if (a.vr === 'IS' || a.vr === 'DS') return pad(Buffer.from(nums.map(String).join('\\'), 'latin1'), a.vr);
    return binary(a.vr, nums, be);
  }
  const s = typeof v === 'string' ? v : (v as string[]).join('\\');
  if (ASCII_VRS.has(a.vr) || a.vr === 'UI') return pad(Buffer.from(s, 'latin1'), a.vr);
  if (TEXT_VRS.has(a.vr)) return pad(o.text(s), a.vr);
  return pad(Buffer.from(s, 'latin1'), a.vr);
}

function header(tag: number, vr: VR, length: number, o: EncodeOptions): Buffer {
  const be = o.syntax === 'explicit-be' && tag >>> 16 !== 0x0002;
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (o.syntax === 'implicit-le' && group !== 0x0002) {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(group, 0); b.writeUInt16LE(element, 2); b.writeUInt32LE(length >>> 0, 4);
    return b;
  }
  const long = LONG_VRS.has(vr);
  const b = Buffer.alloc(long ? 12 : 8);
  if (be) { b.writeUInt16BE(group, 0); b.writeUInt16BE(element, 2); } else { b.writeUInt16LE(group, 0); b.writeUInt16LE(element, 2); }
  b.write(vr, 4, 'latin1');
  if (long) be ? b.writeUInt32BE(length >>> 0, 8) : b.writeUInt32LE(length >>> 0, 8);
  else be ? b.writeUInt16BE(length, 6) : b.writeUInt16LE(length, 6);
  return b;
}

function delimiter(tag: number, o: EncodeOptions): Buffer {
  const b = Buffer.alloc(8);
  if (o.syntax === 'explicit-be') { b.writeUInt16BE(0xfffe, 0); b.writeUInt16BE(tag, 2); } else { b.writeUInt16LE(0xfffe, 0); b.writeUInt16LE(tag, 2); }
  if (tag === 0xe000) {
    if (o.syntax === 'explicit-be') b.writeUInt32BE(0xffffffff, 4); else b.writeUInt32LE(0xffffffff, 4);
  }
  return b;
}

function itemHeader(length: number, o: EncodeOptions): Buffer {
  const b = Buffer.alloc(8);
  if (o.syntax === 'explicit-be') { b.writeUInt16BE(0xfffe, 0); b.writeUInt16BE(0xe000, 2); b.writeUInt32BE(length, 4); } else {
    b.writeUInt16LE(0xfffe, 0); b.writeUInt16LE(0xe000, 2); b.writeUInt32LE(length, 4);
  }
  return b;
}

/** Encodes attributes (sorted by tag, as PS3.5 7.1 requires) in the given syntax. */
export function encodeDataset(attrs: readonly Attr[], o: EncodeOptions): Buffer {
  const parts: Buffer[] = [];
  const sorted = [...attrs].sort((x, y) => (x.tag >>> 0) - (y.tag >>> 0));
  for (const a of sorted) {
    if (a.vr === 'SQ') {
      const items = a.value as readonly Item[];
      const encoded = items.map((it) => encodeDataset(it, o));
      if (o.undefinedLengthSequences) {
        parts.push(header(a.tag, 'SQ', 0xffffffff, o));
        for (const e of encoded) parts.push(delimiter(0xe000, o), e, delimiter(0xe00d, o));
        parts.push(delimiter(0xe0dd, o));
      } else {
        const length = encoded.reduce((s, e) => s + 8 + e.length, 0);
        parts.push(header(a.tag, 'SQ', length, o));
        for (const e of encoded) parts.push(itemHeader(e.length, o), e);
      }
      continue;
    }
    const value = valueBytes(a, o);
    parts.push(header(a.tag, a.vr, value.length, o), value);
  }
  return Buffer.concat(parts);
}

/** A Part 10 file: zero preamble, DICM, the File Meta Information (always explicit LE), the dataset. */
export function part10(sopClassUid: string, sopInstanceUid: string, syntax: Syntax, dataset: Buffer): Buffer {
  const meta = encodeDataset([
    attr('FileMetaInformationVersion', new Uint8Array([0, 1])),
    attr('MediaStorageSOPClassUID', sopClassUid),
    attr('MediaStorageSOPInstanceUID', sopInstanceUid),
    attr('TransferSyntaxUID', TRANSFER_SYNTAX[syntax]),
    attr('ImplementationClassUID', IMPLEMENTATION_CLASS_UID),
    attr('ImplementationVersionName', 'ONCOATLAS_SYNTH'),
  ], { syntax: 'explicit-le', text: (s) => Buffer.from(s, 'latin1') });
  const length = Buffer.alloc(12);
  length.writeUInt16LE(0x0002, 0); length.writeUInt16LE(0x0000, 2); length.write('UL', 4, 'latin1');
  length.writeUInt16LE(4, 6); length.writeUInt32LE(meta.length, 8);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), length, meta, dataset]);
}

/** Identifies files written by the synthetic hospital (a 2.25 UUID-derived root, fixed forever). */
export const IMPLEMENTATION_CLASS_UID = '2.25.208737352478101458226337263393442196581';
