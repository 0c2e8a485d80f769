/**
 * The cohort a hospital releases, and how its clinical export is read to decide it, as a JSON file the data
 * steward writes once (`--cohort cohort.json`): which modalities, which study dates, whether a linked clinical
 * record and consent are required, and which columns of which clinical file hold the patient ID, sex, birth
 * date and consent. Validated once, with errors that name the field.
 */
import { oncoError } from '@oncoatlas/core';

export interface ClinicalPatientsMapping {
  /** Clinical file (relative to the config file, or absolute) and, for a workbook, its sheet. */
  readonly file: string;
  readonly sheet?: string;
  readonly id: string;
  readonly sex?: string;
  readonly birthDate?: string;
  readonly consent?: string;
}

/**
 * The clinical export harmonised to the EUCAIM common data model by the clinical stage: the mapping file
 * (see docs/clinical.md) and the files whose tables it maps, relative to the config file or absolute.
 */
export interface ClinicalCdmSource {
  readonly mapping: string;
  readonly files: readonly string[];
}

export interface CohortConfig {
  readonly modalities: readonly string[];
  readonly studyDates?: { readonly from?: string; readonly to?: string };
  readonly requireClinicalRecord: boolean;
  readonly requireConsent: boolean;
  readonly checkDemographics: boolean;
  readonly patients?: ClinicalPatientsMapping;
  readonly clinical?: ClinicalCdmSource;
  /** How the export writes sex and consent; values compared case-insensitively after trimming. */
  readonly values: {
    readonly male: readonly string[];
    readonly female: readonly string[];
    readonly consentWithdrawn: readonly string[];
  };
  /** Day-first (dd/mm/yyyy) or month-first dates in the export, when a date is not ISO. */
  readonly dayFirst: boolean;
}

/** Image modalities of an oncology imaging cohort, and the objects that travel with them. */
export const DEFAULT_MODALITIES = ['CT', 'MR', 'PT', 'MG', 'US', 'CR', 'DX', 'SR', 'SEG', 'OT'] as const;

export const DEFAULT_COHORT: CohortConfig = {
  modalities: DEFAULT_MODALITIES,
  requireClinicalRecord: true,
  requireConsent: true,
  checkDemographics: true,
  // No single 'M' or 'D' by default: 'M' is Male in English exports and Mujer in Spanish ones, so a site says which.
  values: { male: ['MALE', 'H', 'HOMBRE', 'HOME', 'VARÓN'], female: ['F', 'FEMALE', 'MUJER', 'DONA'], consentWithdrawn: ['REVOCADO', 'REVOCAT', 'WITHDRAWN', 'NO'] },
  dayFirst: true,
};

const DATE = /^\d{8}$/;

function fail(field: string, what: string): never {
  throw oncoError('CONFIG_INVALID', `Cohort configuration: ${field} ${what}.`, { field });
}

function strings(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) fail(field, 'must be a list of non-empty strings');
  return (v as string[]).map((x) => x.trim().toUpperCase());
}

function bool(v: unknown, field: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(field, 'must be true or false');
  return v as boolean;
}

function optString(o: Record<string, unknown>, key: string, field: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(`${field}.${key}`, 'must be a non-empty string');
  return (v as string).trim();
}

/** Parses and validates a cohort configuration; absent fields take DEFAULT_COHORT's values. */
export function parseCohortConfig(value: unknown): CohortConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the file', 'must hold a JSON object');
  const o = value as Record<string, unknown>;
  const known = new Set(['modalities', 'studyDates', 'requireClinicalRecord', 'requireConsent', 'checkDemographics', 'patients', 'clinical', 'values', 'dayFirst', '$comment']);
  for (const k of Object.keys(o)) if (!known.has(k)) fail(k, `is not a known setting (known: ${[...known].filter((x) => x !== '$comment').join(', ')})`);
  let studyDates: CohortConfig['studyDates'];
  if (o.studyDates !== undefined) {
    const d = o.studyDates as Record<string, unknown>;
    const from = optString(d, 'from', 'studyDates');
    const to = optString(d, 'to', 'studyDates');
    if (from !== undefined && !DATE.test(from)) fail('studyDates.from', 'must be YYYYMMDD');
    if (to !== undefined && !DATE.test(to)) fail('studyDates.to', 'must be YYYYMMDD');
    studyDates = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  let patients: ClinicalPatientsMapping | undefined;
  if (o.patients !== undefined) {
    const p = o.patients as Record<string, unknown>;
    const file = optString(p, 'file', 'patients');
    const id = optString(p, 'id', 'patients');
    if (!file) fail('patients.file', 'is required');
    if (!id) fail('patients.id', 'is required (the column holding the patient ID used in the PACS)');
    const sheet = optString(p, 'sheet', 'patients');
    const sex = optString(p, 'sex', 'patients');
    const birthDate = optString(p, 'birthDate', 'patients');
    const consent = optString(p, 'consent', 'patients');
    patients = { file: file!, id: id!, ...(sheet ? { sheet } : {}), ...(sex ? { sex } : {}), ...(birthDate ? { birthDate } : {}), ...(consent ? { consent } : {}) };
  }
  let clinical: ClinicalCdmSource | undefined;
  if (o.clinical !== undefined) {
    if (typeof o.clinical !== 'object' || o.clinical === null || Array.isArray(o.clinical)) fail('clinical', 'must be an object with mapping and files');
    const c = o.clinical as Record<string, unknown>;
    for (const k of Object.keys(c)) if (k !== 'mapping' && k !== 'files') fail(`clinical.${k}`, 'is not a known setting (known: mapping, files)');
    const mapping = optString(c, 'mapping', 'clinical');
    if (!mapping) fail('clinical.mapping', 'is required (the mapping file, see docs/clinical.md)');
    if (!Array.isArray(c.files) || c.files.length === 0 || c.files.some((f) => typeof f !== 'string' || f.trim() === '')) fail('clinical.files', 'must list the clinical files the mapping reads');
    clinical = { mapping: mapping!, files: (c.files as string[]).map((f) => f.trim()) };
  }
  const v = (o.values ?? {}) as Record<string, unknown>;
  const config: CohortConfig = {
    modalities: o.modalities === undefined ? DEFAULT_COHORT.modalities : strings(o.modalities, 'modalities'),
    ...(studyDates ? { studyDates } : {}),
    requireClinicalRecord: bool(o.requireClinicalRecord, 'requireClinicalRecord', DEFAULT_COHORT.requireClinicalRecord),
    requireConsent: bool(o.requireConsent, 'requireConsent', DEFAULT_COHORT.requireConsent),
    checkDemographics: bool(o.checkDemographics, 'checkDemographics', DEFAULT_COHORT.checkDemographics),
    ...(patients ? { patients } : {}),
    ...(clinical ? { clinical } : {}),
    values: {
      male: v.male === undefined ? DEFAULT_COHORT.values.male : strings(v.male, 'values.male'),
      female: v.female === undefined ? DEFAULT_COHORT.values.female : strings(v.female, 'values.female'),
      consentWithdrawn: v.consentWithdrawn === undefined ? DEFAULT_COHORT.values.consentWithdrawn : strings(v.consentWithdrawn, 'values.consentWithdrawn'),
    },
    dayFirst: bool(o.dayFirst, 'dayFirst', DEFAULT_COHORT.dayFirst),
  };
  if ((config.requireClinicalRecord || config.requireConsent || config.checkDemographics) && !config.patients) {
    fail('patients', 'is required when a clinical record, consent or demographics are checked (or set those to false)');
  }
  if (config.requireConsent && !config.patients?.consent) fail('patients.consent', 'is required when requireConsent is true');
  return config;
}
