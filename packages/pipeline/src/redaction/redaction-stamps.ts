/**
 * What a redacted file says about itself: the method in De-identification Method (0012,0063), the Clean Pixel
 * Data Option code (113101, CID 7050) in its code sequence (0012,0064), and Burned In Annotation NO only when the
 * caller vouches that the boxes covered all the text.
 */
import { oncoError } from '@oncoatlas/core';
import { asciiValue, findElement, splitValues, type DicomFile, type Element, type NewElement } from '@oncoatlas/dicom';

export const CLEAN_PIXEL_DATA = { code: '113101', scheme: 'DCM', meaning: 'Clean Pixel Data Option' } as const;

const METHOD = 0x00120063;
const METHOD_CODES = 0x00120064;
const BURNED_IN = 0x00280301;
const CODE_VALUE = 0x00080100;
const CODING_SCHEME = 0x00080102;
const CODE_MEANING = 0x00080104;

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** A value of LO: at most 64 characters, printable ASCII, no backslash (the value separator). */
export function checkMethod(method: string): void {
  if (!/^[\x20-\x5b\x5d-\x7e]{1,64}$/.test(method) || method.trim() === '') {
    throw oncoError('USAGE', 'The redaction method must be 1 to 64 printable ASCII characters without a backslash.');
  }
}

/** An element of the file as one the writer can add back, items and all (offsets of `buf`). */
function asNewElement(buf: Uint8Array, el: Element): NewElement {
  if (el.items) return { tag: el.tag, vr: 'SQ', items: el.items.map((item) => item.elements.map((e) => asNewElement(buf, e))) };
  return { tag: el.tag, vr: el.vr, value: buf.subarray(el.valueOffset, el.valueOffset + el.length) };
}

function text(f: DicomFile, el: Element | undefined): string {
  return el && el.items === null ? asciiValue(f.buffer, el).trim() : '';
}

/** The top-level additions (sorted by tag) that record the redaction. */
export function redactionStamps(f: DicomFile, o: { readonly method: string; readonly cleaned?: boolean }): NewElement[] {
  const out: NewElement[] = [];
  const methods = splitValues(text(f, findElement(f.dataset, METHOD))).map((m) => m.trim()).filter(Boolean);
  if (!methods.includes(o.method)) methods.push(o.method);
  out.push({ tag: METHOD, vr: 'LO', value: ascii(methods.join('\\')) });

  const codes = findElement(f.dataset, METHOD_CODES);
  const items = codes?.items?.map((item) => item.elements.map((e) => asNewElement(f.buffer, e))) ?? [];
  const hasCode = codes?.items?.some((item) => text(f, findElement(item, CODE_VALUE)) === CLEAN_PIXEL_DATA.code && text(f, findElement(item, CODING_SCHEME)) === CLEAN_PIXEL_DATA.scheme);
  if (!hasCode) {
    items.push([
      { tag: CODE_VALUE, vr: 'SH', value: ascii(CLEAN_PIXEL_DATA.code) },
      { tag: CODING_SCHEME, vr: 'SH', value: ascii(CLEAN_PIXEL_DATA.scheme) },
      { tag: CODE_MEANING, vr: 'LO', value: ascii(CLEAN_PIXEL_DATA.meaning) },
    ]);
  }
  out.push({ tag: METHOD_CODES, vr: 'SQ', items });
  if (o.cleaned) out.push({ tag: BURNED_IN, vr: 'CS', value: ascii('NO') });
  return out;
}
