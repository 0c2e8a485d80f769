import { oncoError, type OncoAtlasError } from '@oncoatlas/core';

/*
 * Flattening of the four FHIR R4 resource types the atlas needs. Validation is deliberately light: a field
 * we read must have the JSON type R4 gives it, and the few fields without which a row is useless must be
 * present (a Patient's id, the subject of everything else, an Observation's code). Anything else is left
 * alone, so a profile's extra elements never break an import. Errors name the entry and the field path,
 * never a value.
 */

export type Json = Record<string, unknown>;

export interface EntryContext {
  readonly file: string;
  /** Position of the entry in the bundle (0-based, as in a FHIRPath `entry[3]`), or undefined for a lone resource. */
  readonly index: number | undefined;
  readonly resourceType: string;
}

export function entryLabel(ctx: Pick<EntryContext, 'index' | 'resourceType'>): string {
  return ctx.index === undefined ? `the ${ctx.resourceType} resource` : `entry[${ctx.index}] (${ctx.resourceType})`;
}

export function fhirInvalid(ctx: EntryContext, problem: string, field: string): OncoAtlasError {
  return oncoError('FHIR_INVALID', `${ctx.file}: ${entryLabel(ctx)} ${problem}.`,
    { file: ctx.file, entry: ctx.index, resourceType: ctx.resourceType, field });
}

function obj(value: unknown, ctx: EntryContext, path: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw fhirInvalid(ctx, `has ${path} that is not a JSON object`, path);
  return value as Json;
}

function list(value: unknown, ctx: EntryContext, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fhirInvalid(ctx, `has ${path} that is not a JSON array`, path);
  return value;
}

function str(parent: Json | undefined, key: string, ctx: EntryContext, path: string): string {
  const value = parent?.[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw fhirInvalid(ctx, `has ${path} that is not a string`, path);
  return value;
}

/** Numbers, booleans and strings as text; FHIR decimals arrive as JSON numbers. */
function scalar(parent: Json | undefined, key: string, ctx: EntryContext, path: string, kind: 'number' | 'boolean'): string {
  const value = parent?.[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== kind) throw fhirInvalid(ctx, `has ${path} that is not a ${kind}`, path);
  return String(value);
}

interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

function codings(concept: Json | undefined, ctx: EntryContext, path: string): Coding[] {
  return list(concept?.coding, ctx, `${path}.coding`).map((item, i) => {
    const at = `${path}.coding[${i}]`;
    const c = obj(item, ctx, at);
    return { system: str(c, 'system', ctx, `${at}.system`), code: str(c, 'code', ctx, `${at}.code`), display: str(c, 'display', ctx, `${at}.display`) };
  });
}

/** The coding a reader would quote: the first one, with the concept's text when it has no display. */
function mainCoding(concept: Json | undefined, ctx: EntryContext, path: string): Coding {
  const text = str(concept, 'text', ctx, `${path}.text`);
  const first = codings(concept, ctx, path)[0];
  return first ? { ...first, display: first.display || text } : { system: '', code: '', display: text };
}

const ICD_O_3 = /icd-?o|2\.16\.840\.1\.113883\.6\.43/i;
const ICD_10 = /icd-?10|2\.16\.840\.1\.113883\.6\.(3|90)$/i;
/** ICD-O-3 morphology is histology/behaviour (8500/3); topography is a site (C50.9). */
const MORPHOLOGY = /^\d{4}\/\d$/;

export function subjectReference(resource: Json, ctx: EntryContext): string {
  const reference = str(obj(resource.subject, ctx, 'subject'), 'reference', ctx, 'subject.reference');
  if (reference === '') throw fhirInvalid(ctx, 'has no subject.reference', 'subject.reference');
  return reference;
}

export const COLUMNS = {
  Patient: ['id', 'identifier_system', 'identifier', 'gender', 'birth_date', 'deceased', 'deceased_date'],
  Condition: ['id', 'patient', 'code_system', 'code', 'display', 'icd10_code', 'icd10_display', 'icdo3_topography', 'icdo3_morphology',
    'onset', 'stage_system', 'stage_code', 'stage_display', 'body_site_system', 'body_site_code', 'body_site_display'],
  Observation: ['id', 'patient', 'status', 'code_system', 'code', 'display', 'value', 'unit', 'value_system', 'value_code', 'value_display', 'effective'],
  Procedure: ['id', 'patient', 'status', 'code_system', 'code', 'display', 'performed'],
} as const;

export type SupportedType = keyof typeof COLUMNS;
export type FlatRow = Record<string, string>;

export function flattenPatient(r: Json, ctx: EntryContext, idFromFullUrl: string): FlatRow {
  const id = str(r, 'id', ctx, 'id') || idFromFullUrl;
  if (id === '') throw fhirInvalid(ctx, 'has no id (and no fullUrl to take one from)', 'id');
  // The first identifier with a value; which one is the hospital's MRN is a mapping decision, not ours.
  let identifier = { system: '', value: '' };
  for (const [i, item] of list(r.identifier, ctx, 'identifier').entries()) {
    const ident = obj(item, ctx, `identifier[${i}]`);
    const value = str(ident, 'value', ctx, `identifier[${i}].value`);
    if (value !== '') {
      identifier = { system: str(ident, 'system', ctx, `identifier[${i}].system`), value };
      break;
    }
  }
  const deceasedDate = str(r, 'deceasedDateTime', ctx, 'deceasedDateTime');
  const deceased = deceasedDate !== '' ? 'true' : scalar(r, 'deceasedBoolean', ctx, 'deceasedBoolean', 'boolean');
  return {
    id,
    identifier_system: identifier.system,
    identifier: identifier.value,
    gender: str(r, 'gender', ctx, 'gender'),
    birth_date: str(r, 'birthDate', ctx, 'birthDate'),
    deceased,
    deceased_date: deceasedDate,
  };
}

/** Only the first stage is read (clinical and pathological TNM would need a row each); the caller warns. */
export function flattenCondition(r: Json, ctx: EntryContext, patient: string): FlatRow {
  const code = obj(r.code, ctx, 'code');
  const main = mainCoding(code, ctx, 'code');
  const all = codings(code, ctx, 'code');
  const bodySites = list(r.bodySite, ctx, 'bodySite').map((b, i) => obj(b, ctx, `bodySite[${i}]`));
  const site = mainCoding(bodySites[0], ctx, 'bodySite[0]');
  // ICD-O-3 turns up in code, in bodySite (topography) and in extensions (mCODE's histology-morphology).
  const icdo3 = [
    ...all,
    ...bodySites.flatMap((b, i) => codings(b, ctx, `bodySite[${i}]`)),
    ...list(r.extension, ctx, 'extension').flatMap((e, i) =>
      codings(obj(obj(e, ctx, `extension[${i}]`)?.valueCodeableConcept, ctx, `extension[${i}].valueCodeableConcept`), ctx, `extension[${i}].valueCodeableConcept`)),
  ].filter((c) => ICD_O_3.test(c.system));
  const icd10 = all.find((c) => !ICD_O_3.test(c.system) && ICD_10.test(c.system));
  const stages = list(r.stage, ctx, 'stage');
  const stage = mainCoding(obj(obj(stages[0], ctx, 'stage[0]')?.summary, ctx, 'stage[0].summary'), ctx, 'stage[0].summary');
  const onset = str(r, 'onsetDateTime', ctx, 'onsetDateTime') || str(obj(r.onsetPeriod, ctx, 'onsetPeriod'), 'start', ctx, 'onsetPeriod.start');
  return {
    id: str(r, 'id', ctx, 'id'),
    patient,
    code_system: main.system,
    code: main.code,
    display: main.display,
    icd10_code: icd10?.code ?? '',
    icd10_display: icd10?.display ?? '',
    icdo3_topography: icdo3.find((c) => c.code !== '' && !MORPHOLOGY.test(c.code))?.code ?? '',
    icdo3_morphology: icdo3.find((c) => MORPHOLOGY.test(c.code))?.code ?? '',
    onset,
    stage_system: stage.system,
    stage_code: stage.code,
    stage_display: stage.display,
    body_site_system: site.system,
    body_site_code: site.code,
    body_site_display: site.display,
  };
}

/** The columns every coded clinical resource row starts with: its id, patient, status and main code. */
function codedBase(r: Json, ctx: EntryContext, patient: string, main: ReturnType<typeof mainCoding>): FlatRow {
  return { id: str(r, 'id', ctx, 'id'), patient, status: str(r, 'status', ctx, 'status'), code_system: main.system, code: main.code, display: main.display };
}

export function flattenObservation(r: Json, ctx: EntryContext, patient: string): FlatRow {
  const code = obj(r.code, ctx, 'code');
  if (code === undefined) throw fhirInvalid(ctx, 'has no code', 'code');
  const main = mainCoding(code, ctx, 'code');
  const quantity = obj(r.valueQuantity, ctx, 'valueQuantity');
  const concept = obj(r.valueCodeableConcept, ctx, 'valueCodeableConcept');
  const coded = concept === undefined ? undefined : mainCoding(concept, ctx, 'valueCodeableConcept');
  const value = quantity !== undefined
    ? scalar(quantity, 'value', ctx, 'valueQuantity.value', 'number')
    : str(r, 'valueString', ctx, 'valueString')
      || scalar(r, 'valueInteger', ctx, 'valueInteger', 'number')
      || scalar(r, 'valueBoolean', ctx, 'valueBoolean', 'boolean')
      || str(r, 'valueDateTime', ctx, 'valueDateTime');
  return {
    ...codedBase(r, ctx, patient, main),
    value,
    unit: str(quantity, 'unit', ctx, 'valueQuantity.unit') || str(quantity, 'code', ctx, 'valueQuantity.code'),
    value_system: coded?.system ?? '',
    value_code: coded?.code ?? '',
    value_display: coded?.display ?? '',
    effective: str(r, 'effectiveDateTime', ctx, 'effectiveDateTime')
      || str(obj(r.effectivePeriod, ctx, 'effectivePeriod'), 'start', ctx, 'effectivePeriod.start'),
  };
}

export function flattenProcedure(r: Json, ctx: EntryContext, patient: string): FlatRow {
  return {
    ...codedBase(r, ctx, patient, mainCoding(obj(r.code, ctx, 'code'), ctx, 'code')),
    performed: str(r, 'performedDateTime', ctx, 'performedDateTime')
      || str(obj(r.performedPeriod, ctx, 'performedPeriod'), 'start', ctx, 'performedPeriod.start'),
  };
}
