import type { NewElement } from '@oncoatlas/dicom';
import { ascii } from './dummy-values.ts';
import { BASIC_PROFILE_CODE, optionInfo, type DatePolicy, type ProfileOption } from './options.ts';
import { PROFILE_REVISION } from './profile.ts';

export const ONCOATLAS_VERSION = '0.1.0';
/** Implementation Class UID of OncoAtlas (a 2.25 UUID-derived UID, fixed for this product). */
export const IMPLEMENTATION_CLASS_UID = '2.25.225029245373958216046436522338744316317';
export const IMPLEMENTATION_VERSION_NAME = 'ONCOATLAS_0_1_0';

export interface StampInput {
  readonly options: ReadonlySet<ProfileOption>;
  readonly datePolicy: DatePolicy;
  /** Extra method descriptions (e.g. the EUCAIM profile's), each at most 64 characters. */
  readonly methods?: readonly string[];
}

function lo(values: readonly string[]): Uint8Array {
  return ascii(values.map((v) => v.slice(0, 64)).join('\\'));
}

function code(value: string, meaning: string): NewElement[] {
  return [
    { tag: 0x00080100, vr: 'SH', value: ascii(value) },
    { tag: 0x00080102, vr: 'SH', value: ascii('DCM') },
    { tag: 0x00080104, vr: 'LO', value: ascii(meaning) },
  ];
}

/**
 * Patient Identity Removed, De-identification Method (with the standard revision our table was generated
 * from) and its code sequence (CID 7050), and Longitudinal Temporal Information Modified: the record a
 * receiver needs to know what was done, sorted by tag for the writer's merge.
 */
export function deidentificationStamps(input: StampInput): NewElement[] {
  const options = [...input.options].map(optionInfo).sort((a, b) => a.code.localeCompare(b.code));
  const methods = [
    `OncoAtlas ${ONCOATLAS_VERSION}`,
    `DICOM PS3.15 ${PROFILE_REVISION} Table E.1-1`,
    BASIC_PROFILE_CODE.meaning,
    ...options.map((o) => o.meaning),
    ...(input.datePolicy === 'remove' ? [] : [`Dates: ${input.datePolicy === 'shift' ? 'keyed per-patient shift' : 'year and month kept, day 01'}`]),
    ...(input.methods ?? []),
  ];
  const temporal = input.options.has('rtnLongFullDatesOpt') ? 'UNMODIFIED' : input.options.has('rtnLongModifDatesOpt') ? 'MODIFIED' : 'REMOVED';
  return [
    { tag: 0x00120062, vr: 'CS', value: ascii('YES') },
    { tag: 0x00120063, vr: 'LO', value: lo(methods) },
    { tag: 0x00120064, vr: 'SQ', items: [code(BASIC_PROFILE_CODE.code, BASIC_PROFILE_CODE.meaning), ...options.map((o) => code(o.code, o.meaning))] },
    { tag: 0x00280303, vr: 'CS', value: ascii(temporal) },
  ];
}
