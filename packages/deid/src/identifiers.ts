import { isPrivateTag, keywordOf, PIXEL_DATA, type DataSet, type DicomFile, type Element } from '@oncoatlas/dicom';
import { dateSpellings } from './dates.ts';
import { NeedleIndex, type NeedleKind } from './identifier-scan.ts';
import type { DatePolicy } from './options.ts';
import type { ConfidentialityProfile } from './profile.ts';

export interface CollectOptions {
  readonly profile: ConfidentialityProfile;
  readonly datePolicy: DatePolicy;
  /** UIDs kept as they are (Retain UIDs option) are not identifiers to look for. */
  readonly retainUids: boolean;
  readonly retainFullDates: boolean;
}

const SOURCE_APPLICATION_AE = 0x00020016;
const MEDIA_SOP_INSTANCE = 0x00020003;
const PRIVATE_INFORMATION = 0x00020102;
const WELL_KNOWN_UID = '1.2.840.10008.';

/**
 * Class, syntax and coding-scheme UIDs name kinds of things, not patients, and are kept; a vendor's private
 * SOP class UID in SOP Class UID is not an identifier. Every UID the profile replaces is one, and so is a UID
 * in an attribute the table does not list, unless its keyword says it names a kind.
 */
function holdsInstanceUid(action: string | undefined, keyword: string): boolean {
  if (action !== undefined) return action !== 'K';
  return !/(Class|Syntax|CodingScheme|Context|Template|MappingResource|Implementation)[A-Za-z]*UID$/.test(keyword);
}

function isIdKeyword(keyword: string): boolean {
  return /(ID|Number|Identifier|Serial|Accession|Issuer|Barcode|Telephone|Address)s?$/.test(keyword) || keyword.includes('ID');
}

/**
 * Every identifying value of an input instance, gathered by a walk of its own: what the value is (a name, an
 * ID, a date, a UID, free text the profile removes), not what the editor decided, so a mistake in the
 * editor's traversal cannot also hide the leak from verification. Private values are not gathered (they
 * are removed unless safe-listed); a name or ID copied into them is found through the standard attributes.
 */
export function collectIdentifiers(file: DicomFile, opts: CollectOptions): NeedleIndex {
  const index = new NeedleIndex();
  // Dates repeat across an instance (study, series, acquisition, content): their spellings are made once.
  const seenDates = new Set<string>();
  const meta = file.meta;
  for (const el of meta.elements) {
    if (el.tag === SOURCE_APPLICATION_AE) addValue(index, file.source, el, 'id', 'SourceApplicationEntityTitle');
    else if (el.tag === MEDIA_SOP_INSTANCE && !opts.retainUids) addUid(index, file.source, el, 'MediaStorageSOPInstanceUID');
    else if (el.tag === PRIVATE_INFORMATION) addValue(index, file.source, el, 'text', 'PrivateInformation');
  }
  walk(index, file.buffer, file.dataset, opts, seenDates);
  return index;
}

function walk(index: NeedleIndex, buf: Uint8Array, ds: DataSet, opts: CollectOptions, seenDates: Set<string>): void {
  for (const el of ds.elements) {
    if (el.items) {
      for (const item of el.items) walk(index, buf, item, opts, seenDates);
      continue;
    }
    if (el.external || el.tag === PIXEL_DATA || el.fragments || isPrivateTag(el.tag) || el.length === 0) continue;
    // The keyword is looked up only for the VRs that gather values: numbers and codes are most elements.
    switch (el.vr) {
      case 'PN': addName(index, buf, el, keywordOf(el.tag)); break;
      case 'UI': {
        if (opts.retainUids) break;
        const keyword = keywordOf(el.tag);
        if (holdsInstanceUid(opts.profile.actionFor(el.tag), keyword)) addUid(index, buf, el, keyword);
        break;
      }
      case 'DA': case 'DT': if (!opts.retainFullDates) addDates(index, buf, el, keywordOf(el.tag), opts.datePolicy, seenDates); break;
      case 'LO': case 'SH': case 'ST': case 'LT': case 'UT': case 'UC': case 'AE': {
        const action = opts.profile.actionFor(el.tag);
        if (action === undefined || action === 'K' || action === 'C') break;
        const keyword = keywordOf(el.tag);
        addValue(index, buf, el, isIdKeyword(keyword) ? 'id' : 'text', keyword);
        break;
      }
      default: break;
    }
  }
}

function valueParts(buf: Uint8Array, el: Element, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let s = el.valueOffset;
  const e = el.valueOffset + el.length;
  for (let i = s; i <= e; i++) {
    if (i === e || buf[i] === separator) {
      if (i > s) parts.push(buf.subarray(s, i));
      s = i + 1;
    }
  }
  return parts;
}

function addValue(index: NeedleIndex, buf: Uint8Array, el: Element, kind: NeedleKind, source: string): void {
  for (const part of valueParts(buf, el, 0x5c)) index.add(part, kind, source);
}

const WELL_KNOWN_BYTES = Buffer.from(WELL_KNOWN_UID, 'latin1');

function addUid(index: NeedleIndex, buf: Uint8Array, el: Element, source: string): void {
  for (const part of valueParts(buf, el, 0x5c)) {
    let wellKnown = part.length >= WELL_KNOWN_BYTES.length;
    for (let i = 0; wellKnown && i < WELL_KNOWN_BYTES.length; i++) wellKnown = part[i] === WELL_KNOWN_BYTES[i];
    if (!wellKnown) index.add(part, 'uid', source);
  }
}

/** The whole name and each component group and component: a surname alone in a report is still a leak. */
function addName(index: NeedleIndex, buf: Uint8Array, el: Element, source: string): void {
  for (const value of valueParts(buf, el, 0x5c)) {
    let trimmed = value.length;
    while (trimmed > 0 && (value[trimmed - 1] === 0x5e || value[trimmed - 1] === 0x3d || value[trimmed - 1] === 0x20)) trimmed--;
    index.add(value.subarray(0, trimmed), 'name', source);
    let s = 0;
    for (let i = 0; i <= value.length; i++) {
      if (i === value.length || value[i] === 0x5e || value[i] === 0x3d) {
        if (i > s) index.add(value.subarray(s, i), 'name', source);
        s = i + 1;
      }
    }
  }
}

/**
 * The bytes of a date and of its other spellings, kept across files: a study's few dates recur in every one
 * of its instances. Read only (needles view them); emptied when large, as the dates of a long run add up.
 */
const spellingCache = new Map<string, readonly Uint8Array[]>();
const SPELLING_CACHE_LIMIT = 10_000;

function spellingsOf(date: string): readonly Uint8Array[] {
  let hit = spellingCache.get(date);
  if (hit === undefined) {
    hit = dateSpellings(date).map((s) => Buffer.from(s, 'latin1'));
    if (spellingCache.size >= SPELLING_CACHE_LIMIT) spellingCache.clear();
    spellingCache.set(date, hit);
  }
  return hit;
}

function addDates(index: NeedleIndex, buf: Uint8Array, el: Element, source: string, policy: DatePolicy, seenDates: Set<string>): void {
  for (const part of valueParts(buf, el, 0x5c)) {
    const text = Buffer.from(part.buffer, part.byteOffset, part.length).toString('latin1').trim();
    if (seenDates.has(text)) continue;
    seenDates.add(text);
    const date = text.slice(0, 8);
    // Under the year-month policy the first of a month is its own pseudonym and not an identifier.
    if (policy === 'year-month' && date.endsWith('01')) continue;
    index.add(part, 'date', source);
    if (text.length > 8) index.add(Buffer.from(date, 'latin1'), 'date', source);
    for (const spelling of spellingsOf(date)) index.add(spelling, 'date', source);
  }
}
