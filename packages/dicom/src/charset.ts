import { TextDecoder } from 'node:util';
import { oncoError } from '@oncoatlas/core';

/*
 * Specific Character Set (0008,0005) decoding, PS3.3 C.12.1.1.2 and PS3.5 6.1. TextDecoder (full ICU) does
 * the character repertoires; what we write by hand is the ISO 2022 switching DICOM uses, which no decoder
 * implements: escape sequences designate G0 and G1 per value, multi-byte JIS X 0208/0212 arrive as 7-bit
 * pairs in G0 (decoded as EUC-JP once the high bits are set), KS X 1001 and GB 2312 as 8-bit pairs in G1,
 * and the initial sets return at every component delimiter of a Person Name and at every value delimiter.
 */

export interface CharacterSets {
  readonly terms: readonly string[];
  /** Code extensions (ISO 2022 escape sequences) are in use. */
  readonly isoExtensions: boolean;
  /** Only the default repertoire: bytes are ASCII. */
  readonly asciiOnly: boolean;
}

type Decode = (bytes: Uint8Array) => string;

const decoders = new Map<string, TextDecoder>();
function td(label: string): Decode {
  let d = decoders.get(label);
  if (!d) { d = new TextDecoder(label); decoders.set(label, d); }
  const dec = d;
  return (b) => dec.decode(b);
}

const latin1: Decode = (b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
/** JIS X 0201: ASCII except yen and overline, half-width katakana at 0xA1-0xDF. */
const jisX0201: Decode = (b) => {
  let s = '';
  for (const c of b) s += c === 0x5c ? '\u00a5' : c === 0x7e ? '\u203e' : c >= 0xa1 && c <= 0xdf ? String.fromCharCode(0xff61 + c - 0xa1) : String.fromCharCode(c);
  return s;
};
const withHighBit = (decode: Decode, prefix?: number): Decode => (b) => {
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 2) {
    if (prefix !== undefined) out.push(prefix);
    out.push(b[i]! | 0x80, (b[i + 1] ?? 0) | 0x80);
  }
  return decode(Uint8Array.from(out));
};

/** Single-byte repertoires by defined term (without and with code extensions share the G1 set). */
const SINGLE_BYTE: Record<string, Decode> = {
  'ISO_IR 100': latin1, 'ISO_IR 101': td('iso-8859-2'), 'ISO_IR 109': td('iso-8859-3'), 'ISO_IR 110': td('iso-8859-4'),
  'ISO_IR 144': td('iso-8859-5'), 'ISO_IR 127': td('iso-8859-6'), 'ISO_IR 126': td('iso-8859-7'), 'ISO_IR 138': td('iso-8859-8'),
  'ISO_IR 148': td('iso-8859-9'), 'ISO_IR 203': td('iso-8859-15'), 'ISO_IR 166': td('windows-874'), 'ISO_IR 13': jisX0201,
};
const WHOLE_VALUE: Record<string, Decode> = { 'ISO_IR 192': td('utf-8'), GB18030: td('gb18030'), GBK: td('gbk') };

/** ISO 2022 escape sequences (after ESC) and the set they designate. */
const ESCAPES: Record<string, { g: 0 | 1; multi: boolean; decode: Decode }> = {
  '(B': { g: 0, multi: false, decode: latin1 },
  '(J': { g: 0, multi: false, decode: jisX0201 },
  ')I': { g: 1, multi: false, decode: jisX0201 },
  '$B': { g: 0, multi: true, decode: withHighBit(td('euc-jp')) },
  '$@': { g: 0, multi: true, decode: withHighBit(td('euc-jp')) },
  '$(D': { g: 0, multi: true, decode: withHighBit(td('euc-jp'), 0x8f) },
  '$)C': { g: 1, multi: true, decode: td('euc-kr') },
  '$)A': { g: 1, multi: true, decode: td('gbk') },
  '-A': { g: 1, multi: false, decode: latin1 }, '-B': { g: 1, multi: false, decode: td('iso-8859-2') },
  '-C': { g: 1, multi: false, decode: td('iso-8859-3') }, '-D': { g: 1, multi: false, decode: td('iso-8859-4') },
  '-L': { g: 1, multi: false, decode: td('iso-8859-5') }, '-G': { g: 1, multi: false, decode: td('iso-8859-6') },
  '-F': { g: 1, multi: false, decode: td('iso-8859-7') }, '-H': { g: 1, multi: false, decode: td('iso-8859-8') },
  '-M': { g: 1, multi: false, decode: td('iso-8859-9') }, '-b': { g: 1, multi: false, decode: td('iso-8859-15') },
  '-T': { g: 1, multi: false, decode: td('windows-874') },
};

/** Spellings found in the wild for defined terms (missing space, hyphen for underscore, 'UTF-8'). */
function normaliseTerm(t: string): string {
  const s = t.trim().toUpperCase();
  if (s === '' || s === 'ISO_IR 6' || s === 'ISO_IR6') return '';
  if (s === 'UTF-8' || s === 'UTF8') return 'ISO_IR 192';
  const m = /^ISO[ _-]?(2022)?[ _-]?IR[ _-]?(\d+)$/.exec(s);
  if (m) return m[1] ? `ISO 2022 IR ${m[2]}` : `ISO_IR ${m[2]}`;
  return s;
}

function knownTerm(t: string): boolean {
  if (t === '' || t in SINGLE_BYTE || t in WHOLE_VALUE) return true;
  const m = /^ISO 2022 IR (\d+)$/.exec(t);
  return m !== null && ['6', '100', '101', '109', '110', '144', '127', '126', '138', '148', '203', '13', '166', '87', '159', '149', '58'].includes(m[1]!);
}

export function parseSpecificCharacterSet(value: string | undefined): CharacterSets {
  const terms = (value ?? '').split('\\').map(normaliseTerm);
  for (const t of terms) {
    if (!knownTerm(t)) throw oncoError('DICOM_CHARSET', `Specific Character Set term '${t.slice(0, 32)}' is not known.`, { term: t.slice(0, 32) });
  }
  const isoExtensions = terms.some((t) => t.startsWith('ISO 2022'));
  return { terms, isoExtensions, asciiOnly: terms.every((t) => t === '' || t === 'ISO 2022 IR 6') };
}

/** True when pure-ASCII bytes mean the same text: all but JIS X 0201 as the initial G0 (yen for backslash). */
export function isAsciiCompatible(sets: CharacterSets): boolean {
  const first = sets.terms[0] ?? '';
  return first !== 'ISO_IR 13' && first !== 'ISO 2022 IR 13';
}

function trimPadding(b: Uint8Array): Uint8Array {
  let e = b.length;
  while (e > 0 && (b[e - 1] === 0x20 || b[e - 1] === 0x00)) e--;
  return b.subarray(0, e);
}

/** Decodes a text value; never throws (undecodable bytes become U+FFFD), padding removed. */
export function decodeText(raw: Uint8Array, sets: CharacterSets, vr: string): string {
  const bytes = trimPadding(raw);
  const first = sets.terms[0] ?? '';
  if (sets.asciiOnly || (!sets.isoExtensions && first === '')) {
    let ascii = true;
    for (const b of bytes) if (b >= 0x80) { ascii = false; break; }
    if (ascii) return latin1(bytes);
  }
  if (!sets.isoExtensions) {
    const whole = WHOLE_VALUE[first];
    if (whole) return whole(bytes);
    return (SINGLE_BYTE[first] ?? latin1)(bytes);
  }
  return decodeIso2022(bytes, sets, vr === 'PN');
}

function decodeIso2022(b: Uint8Array, sets: CharacterSets, personName: boolean): string {
  const initial = sets.terms[0]?.replace('ISO 2022 ', 'ISO_') ?? '';
  const initialG0: Decode = initial === 'ISO_IR 13' ? jisX0201 : latin1;
  const initialG1: Decode = SINGLE_BYTE[initial] ?? latin1;
  let g0 = { multi: false, decode: initialG0 };
  let g1 = { multi: false, decode: initialG1 };
  let out = '';
  let i = 0;
  const run = (start: number, end: number): void => {
    let k = start;
    while (k < end) {
      const high = b[k]! >= 0x80;
      let j = k;
      while (j < end && (b[j]! >= 0x80) === high) j++;
      out += (high ? g1 : g0).decode(b.subarray(k, j));
      k = j;
    }
  };
  let segStart = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x1b) {
      run(segStart, i);
      const esc = [1, 2, 3].map((n) => Buffer.from(b.subarray(i + 1, i + 1 + n)).toString('latin1')).find((s) => s in ESCAPES);
      if (esc === undefined) { out += '\ufffd'; i += 1; segStart = i; continue; }
      const set = ESCAPES[esc]!;
      if (set.g === 0) g0 = set; else g1 = set;
      i += 1 + esc.length;
      segStart = i;
      continue;
    }
    const delimiter = c === 0x5c || c === 0x0d || c === 0x0a || c === 0x0c || c === 0x09 || (personName && (c === 0x5e || c === 0x3d));
    if (delimiter && !g0.multi) {
      run(segStart, i);
      out += String.fromCharCode(c);
      g0 = { multi: false, decode: initialG0 };
      g1 = { multi: false, decode: initialG1 };
      i++;
      segStart = i;
      continue;
    }
    i++;
  }
  run(segStart, b.length);
  return out;
}
