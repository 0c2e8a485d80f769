import { oncoError } from '@oncoatlas/core';

/** Options of PS3.15 Table E.1-1, named as the generated table's columns. */
export type ProfileOption =
  | 'rtnSafePrivOpt' | 'rtnUIDsOpt' | 'rtnDevIdOpt' | 'rtnInstIdOpt' | 'rtnPatCharsOpt' | 'rtnLongFullDatesOpt'
  | 'rtnLongModifDatesOpt' | 'cleanDescOpt' | 'cleanStructContOpt' | 'cleanGraphOpt';

export interface OptionInfo {
  readonly option: ProfileOption;
  /** Name on the command line: `--option retain-safe-private`. */
  readonly cliName: string;
  /** CID 7050 code stamped in De-identification Method Code Sequence (0012,0064). */
  readonly code: string;
  readonly meaning: string;
}

export const BASIC_PROFILE_CODE = { code: '113100', meaning: 'Basic Application Confidentiality Profile' } as const;

export const OPTIONS: readonly OptionInfo[] = [
  { option: 'cleanGraphOpt', cliName: 'clean-graphics', code: '113103', meaning: 'Clean Graphics Option' },
  { option: 'cleanStructContOpt', cliName: 'clean-structured-content', code: '113104', meaning: 'Clean Structured Content Option' },
  { option: 'cleanDescOpt', cliName: 'clean-descriptors', code: '113105', meaning: 'Clean Descriptors Option' },
  { option: 'rtnLongFullDatesOpt', cliName: 'retain-full-dates', code: '113106', meaning: 'Retain Longitudinal Temporal Information Full Dates Option' },
  { option: 'rtnLongModifDatesOpt', cliName: 'retain-modified-dates', code: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
  { option: 'rtnPatCharsOpt', cliName: 'retain-patient-characteristics', code: '113108', meaning: 'Retain Patient Characteristics Option' },
  { option: 'rtnDevIdOpt', cliName: 'retain-device-identity', code: '113109', meaning: 'Retain Device Identity Option' },
  { option: 'rtnUIDsOpt', cliName: 'retain-uids', code: '113110', meaning: 'Retain UIDs Option' },
  { option: 'rtnSafePrivOpt', cliName: 'retain-safe-private', code: '113111', meaning: 'Retain Safe Private Option' },
  { option: 'rtnInstIdOpt', cliName: 'retain-institution-identity', code: '113112', meaning: 'Retain Institution Identity Option' },
];

/**
 * Clean Pixel Data (PS3.15 E.3.1): not a column of Table E.1-1 (it changes pixels, not attributes), so the
 * header engine never applies or claims it. The pipeline does, per instance it redacted (OCR and device text
 * zones, verified by OCR), and only those instances carry its code 113101.
 */
export const CLEAN_PIXEL_DATA_OPTION = { cliName: 'clean-pixel-data', code: '113101', meaning: 'Clean Pixel Data Option' } as const;

const isCleanPixelData = (name: string): boolean => name === CLEAN_PIXEL_DATA_OPTION.cliName || name === CLEAN_PIXEL_DATA_OPTION.code;

/** Options that alter pixel data in ways OncoAtlas does not perform: refused rather than claimed. */
const UNSUPPORTED: Record<string, string> = {
  'clean-recognizable-visual-features': 'Clean Recognizable Visual Features (113102) needs defacing, which OncoAtlas does not perform.',
};

/** Whether the named options ask for Clean Pixel Data: burned-in text redacted in the images held for it. */
export function cleansPixelData(names: readonly string[]): boolean {
  return names.some((raw) => raw.split(',').map((s) => s.trim()).some(isCleanPixelData));
}

/** How dates are treated: the basic profile's removal, a keyed per-patient shift, or EUCAIM's year-month. */
export type DatePolicy = 'remove' | 'shift' | 'year-month';
export const DATE_POLICIES: readonly DatePolicy[] = ['remove', 'shift', 'year-month'];

export function parseOptionNames(names: readonly string[]): Set<ProfileOption> {
  const out = new Set<ProfileOption>();
  for (const raw of names) {
    for (const name of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const info = OPTIONS.find((o) => o.cliName === name || o.option === name || o.code === name);
      if (info) { out.add(info.option); continue; }
      // Accepted, but no profile column: see CLEAN_PIXEL_DATA_OPTION.
      if (isCleanPixelData(name)) continue;
      if (UNSUPPORTED[name]) throw oncoError('DEID_UNSUPPORTED_OPTION', UNSUPPORTED[name]!, { option: name });
      throw oncoError('DEID_UNKNOWN_OPTION', `Unknown de-identification option '${name}'. Known: ${[...OPTIONS.map((o) => o.cliName), CLEAN_PIXEL_DATA_OPTION.cliName].join(', ')}.`, { option: name });
    }
  }
  if (out.has('rtnLongFullDatesOpt') && out.has('rtnLongModifDatesOpt')) {
    throw oncoError('USAGE', 'retain-full-dates and retain-modified-dates exclude each other.');
  }
  return out;
}

export function optionInfo(option: ProfileOption): OptionInfo {
  return OPTIONS.find((o) => o.option === option)!;
}

export function parseDatePolicy(name: string): DatePolicy {
  if ((DATE_POLICIES as readonly string[]).includes(name)) return name as DatePolicy;
  throw oncoError('USAGE', `Unknown date policy '${name}'. Use one of: ${DATE_POLICIES.join(', ')}.`, { datePolicy: name });
}
