/**
 * A parsed instance as the DICOM JSON model (PS3.18 F.2), for WADO-RS metadata. Written over our own reader
 * (@oncoatlas/dicom) rather than dcmjs: it reads the stored bytes as they are (implicit, explicit, big endian
 * alike) without copying pixel data into memory twice, decodes text in the file's Specific Character Set, and
 * names each bulk value by its path so the bulkdata route serves exactly that value. dcmjs reads our output
 * back in the tests (dicom-json.test.ts), which keeps the two in step.
 */
import {
  asciiValue, binaryWordSize, decodeText, findElement, parseSpecificCharacterSet, splitValues, tagElement, tagGroup,
  type CharacterSets, type DataSet, type DicomFile, type Element, type VR,
} from '@oncoatlas/dicom';
import { swapWords } from './byte-order.ts';

export type DicomJsonValue = string | number | null | DicomJsonPersonName | DicomJson;
export interface DicomJsonPersonName { Alphabetic?: string; Ideographic?: string; Phonetic?: string }
export interface DicomJsonAttribute { vr: string; Value?: DicomJsonValue[]; InlineBinary?: string; BulkDataURI?: string }
export type DicomJson = Record<string, DicomJsonAttribute>;

export interface DicomJsonOptions {
  /** The URI of a bulk value from its path (`7FE00010`, or `00540016/0/00181072` inside a sequence item). */
  readonly bulkDataUri: (path: string) => string;
  /** Binary values longer than this are given as BulkDataURI, not inline (default 1024 bytes). */
  readonly inlineLimit?: number;
}

const PIXEL_LIKE = new Set([0x7fe00008, 0x7fe00009, 0x7fe00010]);
const BINARY = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Text VRs whose value is one string even when it holds a backslash (PS3.5 6.2). */
const SINGLE_TEXT = new Set<VR>(['LT', 'ST', 'UT', 'UR']);
const CHARSET_TAG = 0x00080005;
const DEFAULT_INLINE_LIMIT = 1024;

export function tagKey(t: number): string {
  return (t >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** The value's bytes, byte-swapped to little endian when stored big endian (bulk data is little endian, PS3.18 8.7.3). */
export function littleEndianValue(b: Uint8Array, el: Element, littleEndian: boolean): Uint8Array {
  const value = b.subarray(el.valueOffset, el.valueOffset + el.length);
  return littleEndian ? value : swapWords(value, binaryWordSize(el.vr));
}

function numbersOf(b: Uint8Array, el: Element, littleEndian: boolean): (number | string)[] {
  const view = new DataView(b.buffer, b.byteOffset + el.valueOffset, el.length);
  const size = binaryWordSize(el.vr);
  const out: (number | string)[] = [];
  for (let p = 0; p + size <= el.length; p += size) {
    switch (el.vr) {
      case 'US': out.push(view.getUint16(p, littleEndian)); break;
      case 'SS': out.push(view.getInt16(p, littleEndian)); break;
      case 'UL': out.push(view.getUint32(p, littleEndian)); break;
      case 'SL': out.push(view.getInt32(p, littleEndian)); break;
      case 'FL': out.push(view.getFloat32(p, littleEndian)); break;
      case 'FD': out.push(view.getFloat64(p, littleEndian)); break;
      case 'AT': out.push(tagKey((view.getUint16(p, littleEndian) << 16) | view.getUint16(p + 2, littleEndian))); break;
      default: {
        // UV, SV: a JSON number while exact, else the decimal string (PS3.18 F.2.3.1).
        const v = el.vr === 'SV' ? view.getBigInt64(p, littleEndian) : view.getBigUint64(p, littleEndian);
        out.push(v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString());
      }
    }
  }
  return out;
}

function personName(v: string): DicomJsonPersonName | null {
  if (v === '') return null;
  const [a, i, p] = v.split('=');
  return { ...(a ? { Alphabetic: a } : {}), ...(i ? { Ideographic: i } : {}), ...(p ? { Phonetic: p } : {}) };
}

function stringValues(text: string, vr: VR): DicomJsonValue[] {
  const parts = SINGLE_TEXT.has(vr) ? [text] : splitValues(text);
  return parts.map((raw): DicomJsonValue => {
    // Leading spaces are insignificant except in the free-text VRs; trailing padding never is.
    const v = SINGLE_TEXT.has(vr) ? raw.replace(/[ \0]+$/, '') : raw.trim();
    if (v === '') return null;
    if (vr === 'PN') return personName(v);
    if (vr === 'DS') { const n = Number(v); return Number.isFinite(n) ? n : v; }
    if (vr === 'IS') { const n = Number.parseInt(v, 10); return Number.isFinite(n) ? n : v; }
    return v;
  });
}

interface Walk { readonly file: DicomFile; readonly o: DicomJsonOptions; readonly limit: number }

function attribute(w: Walk, ds: DataSet, el: Element, sets: CharacterSets, path: string): DicomJsonAttribute {
  const b = w.file.buffer;
  if (el.items) {
    const vr = el.vr === 'UN' ? 'SQ' : el.vr;
    return el.items.length === 0 ? { vr } : { vr, Value: el.items.map((item, i) => dataset(w, item, sets, `${path}/${i}`)) };
  }
  // Implicit VR files leave Pixel Data's VR to the reader: OW, as PS3.5 A.1 fixes it for implicit VR.
  const vr = el.tag === 0x7fe00010 && !ds.syntax.explicitVR ? 'OW' : el.vr;
  const bulk = el.fragments !== null || el.external || PIXEL_LIKE.has(el.tag) || (BINARY.has(el.vr) && el.length > w.limit);
  if (bulk) return { vr, BulkDataURI: w.o.bulkDataUri(path) };
  if (el.length === 0) return { vr };
  if (BINARY.has(vr)) return { vr, InlineBinary: Buffer.from(littleEndianValue(b, el, ds.syntax.littleEndian)).toString('base64') };
  if (['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'UV', 'SV'].includes(vr)) return { vr, Value: numbersOf(b, el, ds.syntax.littleEndian) };
  const text = ['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT'].includes(vr)
    ? decodeText(b.subarray(el.valueOffset, el.valueOffset + el.length), sets, vr)
    : asciiValue(b, el);
  const values = stringValues(text, vr);
  return values.every((v) => v === null) ? { vr } : { vr, Value: values };
}

function dataset(w: Walk, ds: DataSet, inherited: CharacterSets, prefix: string): DicomJson {
  const own = findElement(ds, CHARSET_TAG);
  // An item may declare its own character set (PS3.5 7.5.3); otherwise it inherits its parent's.
  const sets = own && !own.external ? safeCharset(asciiValue(w.file.buffer, own), inherited) : inherited;
  const out: DicomJson = {};
  for (const el of ds.elements) {
    // Group lengths say nothing in JSON, and the File Meta group is not part of the dataset.
    if (tagElement(el.tag) === 0 || tagGroup(el.tag) === 0x0002) continue;
    const key = tagKey(el.tag);
    out[key] = attribute(w, ds, el, sets, prefix === '' ? key : `${prefix}/${key}`);
  }
  return out;
}

function safeCharset(value: string, fallback: CharacterSets): CharacterSets {
  try {
    return parseSpecificCharacterSet(value);
  } catch {
    // An unknown term: the values are still given (undecodable bytes become U+FFFD) rather than refused.
    return fallback;
  }
}

/**
 * The dataset of a parsed file as DICOM JSON; pixel data, encapsulated or streamed values and binaries over the
 * inline limit as BulkDataURI.
 *
 * @example
 * const json = toDicomJson(parsePart10(bytes), { bulkDataUri: (p) => `${instanceUrl}/bulkdata/${p}` });
 * json['0020000D']?.Value?.[0]; // the Study Instance UID
 */
export function toDicomJson(file: DicomFile, o: DicomJsonOptions): DicomJson {
  const w: Walk = { file, o, limit: o.inlineLimit ?? DEFAULT_INLINE_LIMIT };
  return dataset(w, file.dataset, parseSpecificCharacterSet(undefined), '');
}

/** Whether the metadata gives this element as bulk data (or could: a binary value under the inline limit). */
export function isBulk(el: Element): boolean {
  return el.items === null && (el.fragments !== null || el.external || PIXEL_LIKE.has(el.tag) || BINARY.has(el.vr));
}

/** The element a bulk data path names (`7FE00010`, `00540016/0/00181072`), with the dataset holding it. */
export function elementAt(file: DicomFile, path: string): { readonly element: Element; readonly dataset: DataSet } | undefined {
  const steps = path.split('/');
  let ds: DataSet = file.dataset;
  for (let i = 0; i < steps.length; i += 2) {
    if (!/^[0-9A-Fa-f]{8}$/.test(steps[i]!)) return undefined;
    const el = findElement(ds, Number.parseInt(steps[i]!, 16));
    if (!el) return undefined;
    if (i + 1 === steps.length) return { element: el, dataset: ds };
    const index = Number(steps[i + 1]);
    const item = Number.isInteger(index) ? el.items?.[index] : undefined;
    if (!item) return undefined;
    ds = item;
  }
  return undefined;
}
