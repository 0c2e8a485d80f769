/**
 * Value sets defined by their structure rather than a list: ICD-10 (neoplasm chapter), ICD-O-3 topography
 * and morphology, TNM categories, stage groups and grades. A code written in a non-standard but unambiguous
 * form (`c341`, `81403`, `3A`) is normalised and flagged as repaired, so QC can count it; anything else is
 * not a code of the set.
 */
import type { Coded, Coding } from './cdm.ts';

export interface Parsed {
  readonly coded: Coded;
  readonly repaired: boolean;
  /** TNM prefix as written (`c`, `p`, `yp`...), when there was one. */
  readonly prefix?: string;
}

export type StructuralSetName = 'icd10' | 'icdo3_topography' | 'icdo3_morphology' | 'tnm_t' | 'tnm_n' | 'tnm_m' | 'stage_group' | 'grade';

const code = (value: string, display: string, codings: readonly Coding[]): Coded => ({ value, display, codings });

/** ICD-10 codes of chapter II (neoplasms, C00-D48): the cancer condition of an atlas record is one of them. */
export function parseIcd10(raw: string): Parsed | null {
  const trimmed = raw.trim();
  const m = /^([A-Z])(\d{2})(?:\.?(\d{1,2}))?$/.exec(trimmed.toUpperCase().replace(/\s+/g, '').replace(/\.$/, ''));
  if (!m) return null;
  const [, letter, category, sub] = m as unknown as [string, string, string, string | undefined];
  const n = Number(category);
  const neoplasm = (letter === 'C' && n <= 97) || (letter === 'D' && n <= 48);
  if (!neoplasm) return null;
  const value = sub === undefined ? `${letter}${category}` : `${letter}${category}.${sub}`;
  return { coded: code(value, `ICD-10 ${value}`, [{ system: 'ICD-10', code: value }]), repaired: value !== trimmed };
}

/** ICD-O-3 topography: C00.0-C80.9, always with a subsite digit. */
export function parseTopography(raw: string): Parsed | null {
  const trimmed = raw.trim();
  const m = /^C(\d{2})\.?(\d)$/.exec(trimmed.toUpperCase().replace(/\s+/g, ''));
  if (!m || Number(m[1]) > 80) return null;
  const value = `C${m[1]}.${m[2]}`;
  return { coded: code(value, `ICD-O-3 topography ${value}`, [{ system: 'ICD-O-3', code: value }]), repaired: value !== trimmed };
}

/** ICD-O-3 morphology: four-digit histology and a behaviour digit (0, 1, 2, 3, 6, 9). */
export function parseMorphology(raw: string): Parsed | null {
  const trimmed = raw.trim();
  const m = /^M?-?(\d{4})\/?([012369])$/.exec(trimmed.toUpperCase().replace(/\s+/g, ''));
  if (!m) return null;
  const value = `${m[1]}/${m[2]}`;
  return { coded: code(value, `ICD-O-3 morphology ${value}`, [{ system: 'ICD-O-3', code: value }]), repaired: value !== trimmed };
}

function tnm(letter: 'T' | 'N' | 'M', categories: RegExp): (raw: string) => Parsed | null {
  return (raw) => {
    const trimmed = raw.trim();
    const m = new RegExp(`^(c|p|yc|yp|r|a)?(${letter})?(${categories.source})$`, 'i').exec(trimmed.replace(/\s+/g, ''));
    if (!m) return null;
    const prefix = m[1]?.toLowerCase();
    const rest = m[3]!.toLowerCase();
    // A bare `2` in a T column means T2; a bare `X` or `is` is too little to go on.
    if (m[2] === undefined && !/^\d/.test(rest)) return null;
    const value = `${letter}${rest === 'x' ? 'X' : rest}`;
    const coded = code(value, `TNM ${value}`, [{ system: 'TNM', code: value }]);
    return { coded, repaired: `${prefix ?? ''}${value}` !== trimmed, ...(prefix ? { prefix } : {}) };
  };
}

const ROMAN = ['0', 'I', 'II', 'III', 'IV'];

/** Stage groups 0-IV with optional letter and digit (IIIA, IA2); arabic numerals are repaired. */
export function parseStageGroup(raw: string): Parsed | null {
  const trimmed = raw.trim();
  const bare = trimmed.replace(/^(stage|estadio|estadi)\s*/i, '').replace(/\s+/g, '');
  const m = /^(0|IV|I{1,3}|[1-4])([ABC][123]?)?$/i.exec(bare);
  if (!m) return null;
  const group = /\d/.test(m[1]!) ? ROMAN[Number(m[1])]! : m[1]!.toUpperCase();
  const value = `${group}${(m[2] ?? '').toUpperCase()}`;
  return { coded: code(value, `Stage ${value}`, [{ system: 'TNM', code: value }]), repaired: value !== trimmed && value !== bare };
}

/** Histologic grade G1-G4, GX. No standard concept is built in for grades: QC reports them as unmapped. */
export function parseGrade(raw: string): Parsed | null {
  const trimmed = raw.trim();
  const m = /^G?([1-4X])$/i.exec(trimmed.replace(/\s+/g, ''));
  if (!m) return null;
  const value = `G${m[1]!.toUpperCase()}`;
  return { coded: code(value, `Grade ${value}`, []), repaired: value !== trimmed };
}

export const STRUCTURAL_SETS: Record<StructuralSetName, (raw: string) => Parsed | null> = {
  icd10: parseIcd10,
  icdo3_topography: parseTopography,
  icdo3_morphology: parseMorphology,
  tnm_t: tnm('T', /X|0|is|[1-4][a-d]?(?:mi)?/),
  tnm_n: tnm('N', /X|0|[1-3][a-c]?/),
  tnm_m: tnm('M', /X|0|1[a-d]?/),
  stage_group: parseStageGroup,
  grade: parseGrade,
};

/**
 * The cancer an ICD-10 category stands for, only for the four conditions whose SNOMED CT and EUCAIM codes
 * the reference notes give (§4.1, §6.3). C19-C20 (rectum) are not colon: they stay without a concept.
 */
const CONDITION_BY_CATEGORY: Record<string, Coded> = {
  C18: code('colon_cancer', 'Malignant tumour of colon', [{ system: 'SNOMEDCT', code: '363406005' }, { system: 'EUCAIM', code: 'CLIN1000057' }]),
  C34: code('lung_cancer', 'Malignant tumour of lung', [{ system: 'SNOMEDCT', code: '363358000' }, { system: 'EUCAIM', code: 'CLIN1000065' }]),
  C50: code('breast_cancer', 'Malignant neoplasm of breast', [{ system: 'SNOMEDCT', code: '254837009' }, { system: 'EUCAIM', code: 'CLIN1000060' }]),
  C61: code('prostate_cancer', 'Malignant tumour of prostate', [{ system: 'SNOMEDCT', code: '399068003' }, { system: 'EUCAIM', code: 'CLIN1000075' }]),
};

export function conditionConcept(icd10: string): Coded | null {
  return CONDITION_BY_CATEGORY[icd10.slice(0, 3)] ?? null;
}

/** The cancer a hyperontology condition code stands for (`CLIN1000065` -> lung), for the same four conditions. */
export function conditionOfEucaimCode(code: string): Coded | null {
  return Object.values(CONDITION_BY_CATEGORY).find((c) => c.codings.some((x) => x.system === 'EUCAIM' && x.code === code)) ?? null;
}

/**
 * WHO ICD-10 titles of the cancer categories a catalogue visitor is likely to search for by name ("lung"), so a
 * dataset listed under `C34` is found by its words too. Titles only, no concept: a category missing here is
 * still shown and found by its code.
 */
const ICD10_CANCER_TITLES: Record<string, string> = {
  C15: 'Malignant neoplasm of oesophagus', C16: 'Malignant neoplasm of stomach', C17: 'Malignant neoplasm of small intestine',
  C18: 'Malignant neoplasm of colon', C19: 'Malignant neoplasm of rectosigmoid junction', C20: 'Malignant neoplasm of rectum',
  C21: 'Malignant neoplasm of anus and anal canal', C22: 'Malignant neoplasm of liver and intrahepatic bile ducts',
  C25: 'Malignant neoplasm of pancreas', C32: 'Malignant neoplasm of larynx', C34: 'Malignant neoplasm of bronchus and lung',
  C43: 'Malignant melanoma of skin', C50: 'Malignant neoplasm of breast', C53: 'Malignant neoplasm of cervix uteri',
  C54: 'Malignant neoplasm of corpus uteri', C56: 'Malignant neoplasm of ovary', C61: 'Malignant neoplasm of prostate',
  C64: 'Malignant neoplasm of kidney, except renal pelvis', C67: 'Malignant neoplasm of bladder', C71: 'Malignant neoplasm of brain',
  C73: 'Malignant neoplasm of thyroid gland',
};

/** The WHO title of an ICD-10 code's category (`C34.1` -> `Malignant neoplasm of bronchus and lung`), when listed. */
export function icd10CategoryTitle(icd10: string): string | null {
  return ICD10_CANCER_TITLES[icd10.slice(0, 3).toUpperCase()] ?? null;
}

/** The body part key (value set `body_part`) an ICD-O-3 topography site falls in, where unambiguous. */
const BODY_PART_BY_SITE: Record<string, string> = { C18: 'COLON', C34: 'LUNG', C50: 'BREAST', C61: 'PROSTATE' };

export function bodyPartOfTopography(topography: string): string | null {
  return BODY_PART_BY_SITE[topography.slice(0, 3)] ?? null;
}
