import { decodeText, findElement, parseSpecificCharacterSet, stringAt, type CharacterSets, type DicomFile, type Element } from '@oncoatlas/dicom';
import { oncoError } from '@oncoatlas/core';
import type { NeedleIndex } from './identifier-scan.ts';
import type { DatePolicy } from './options.ts';
import type { PseudonymScheme } from './pseudonyms.ts';

const PATIENT_ID = 0x00100020;
const SPECIFIC_CHARACTER_SET = 0x00080005;
const WELL_KNOWN_UID = '1.2.840.10008.';

/** What the editors need to know about one instance, computed once before it is written. */
export class InstanceContext {
  readonly file: DicomFile;
  readonly charsets: CharacterSets;
  readonly charsetUsesEscapes: boolean;
  readonly patientKey: string;
  readonly patientPseudonym: string;
  readonly patientPseudonymBytes: Uint8Array;
  /** PN form of the pseudonym: family name and a given name, as validators expect of a modern PN. */
  readonly patientNameBytes: Uint8Array;
  private readonly patientIdElement: Element | undefined;
  readonly shiftDays: number;
  readonly datePolicy: DatePolicy;
  readonly needles: NeedleIndex;
  /** Original -> new UID pairs, recorded only when a mapping file was asked for. */
  readonly uidPairs: Map<string, string> | undefined;
  private readonly pseudonymizer: PseudonymScheme;
  private readonly retainUids: boolean;

  constructor(file: DicomFile, p: PseudonymScheme, opts: { datePolicy: DatePolicy; needles: NeedleIndex; retainUids: boolean; recordUids: boolean }) {
    this.file = file;
    this.pseudonymizer = p;
    this.datePolicy = opts.datePolicy;
    this.needles = opts.needles;
    this.retainUids = opts.retainUids;
    this.uidPairs = opts.recordUids ? new Map() : undefined;
    const b = file.buffer;
    const ds = file.dataset;
    this.charsets = parseSpecificCharacterSet(stringAt(b, ds, SPECIFIC_CHARACTER_SET));
    this.charsetUsesEscapes = this.charsets.isoExtensions;
    const idEl = findElement(ds, PATIENT_ID);
    this.patientIdElement = idEl;
    const key = idEl ? this.decode(b, idEl).trim() : '';
    if (key === '') throw oncoError('DEID_MISSING_PATIENT_ID', 'The instance has no Patient ID, so no pseudonym can be derived for it.');
    this.patientKey = key;
    this.patientPseudonym = p.patientId(key);
    this.patientPseudonymBytes = Buffer.from(this.patientPseudonym, 'latin1');
    this.patientNameBytes = Buffer.from(p.patientName(this.patientPseudonym), 'latin1');
    this.shiftDays = p.dateShiftDays(key);
  }

  decode(buf: Uint8Array, el: Element): string {
    return decodeText(buf.subarray(el.valueOffset, el.valueOffset + el.length), this.charsets, el.vr);
  }

  /** The pseudonym of the Patient ID held in `el` (nested Patient IDs get their own). */
  patientPseudonymOf(buf: Uint8Array, el: Element): Uint8Array {
    if (buf === this.file.buffer && el === this.patientIdElement) return this.patientPseudonymBytes;
    const v = this.decode(buf, el).trim();
    return Buffer.from(v === '' ? '' : this.pseudonymizer.patientId(v), 'latin1');
  }

  mapUid(uid: string): string {
    if (this.retainUids || uid.startsWith(WELL_KNOWN_UID)) return uid;
    const out = this.pseudonymizer.uid(uid, this.patientPseudonym);
    this.uidPairs?.set(uid, out);
    return out;
  }
}
