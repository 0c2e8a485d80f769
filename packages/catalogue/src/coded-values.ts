/**
 * From the codes found in the released data to the hyperontology IRIs of the records. Only `EUCAIM`
 * codings become IRIs: a value the reference notes give no hyperontology code for (a PELVIS body part, an
 * AGFA manufacturer, a CR modality) is left out rather than guessed, because a wrong code silently corrupts
 * federated counts while a missing one is visible. `unmappedValues` lists what was left out, for the steward.
 */
import { oncoError } from '@oncoatlas/core';
import type { CodedCount, DatasetFacts, GeneratedFacts } from './dataset-facts.ts';
import { expand } from './vocabulary.ts';

const HYPERONTOLOGY_CODE = /^[A-Z]+\d+$/;

function eucaimCode(item: CodedCount, field: string): string | undefined {
  const coding = item.codings.find((c) => c.system === 'EUCAIM');
  if (!coding) return undefined;
  if (!HYPERONTOLOGY_CODE.test(coding.code)) {
    throw oncoError('CATALOGUE_INVALID_FACTS', `${field} has a EUCAIM code that is not a hyperontology code (letters then digits, e.g. IMG1000026).`, { field });
  }
  return coding.code;
}

export function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw oncoError('CATALOGUE_INVALID_FACTS', `${field} must be a whole number of at least 0, not ${String(value)}.`, { field });
  }
}

/** Distinct hyperontology IRIs of the values present (count > 0), sorted by code. */
export function hyperontologyIris(items: readonly CodedCount[], field: string): string[] {
  const codes = new Set<string>();
  items.forEach((item, i) => {
    checkCount(item.count, `${field}[${i}].count`);
    const code = eucaimCode(item, `${field}[${i}]`);
    if (code && item.count > 0) codes.add(code);
  });
  return [...codes].sort().map((code) => expand('eucaim', code));
}

const SYSTEM_LABEL: Readonly<Record<string, string>> = { SNOMEDCT: 'SNOMED CT', 'ICD-10': 'ICD-10', 'ICD-O-3': 'ICD-O-3' };

/** One cancer condition of a dataset, as every view of the dataset states it (records, JSON card, steward's list). */
export interface DatasetCondition {
  /** As the release counted it: an ICD-10 code or category (`C34`), or `other` for the conditions pooled under k. */
  readonly value: string;
  /** Patients. */
  readonly count: number;
  /** Its hyperontology code (`CLIN1000065`), when the clinical value sets give one; else it is in `unmappedValues`. */
  readonly eucaimCode: string | null;
  /** Its own codes as healthdcatap:hasCodeValues writes them (`ICD-10: C34`, `SNOMED CT: 363358000`); none for `other`. */
  readonly codeValues: readonly string[];
}

export interface DatasetConditions {
  /**
   * eucaim:hasCondition, 1..1 (§4.1): the steward's choice, or else the coded condition with the most patients
   * (ties: the lower code). A dataset of several cancers still names one primary condition. Null when neither.
   */
  readonly primary: string | null;
  /** The conditions with at least one patient, most patients first (ties: by value). */
  readonly conditions: readonly DatasetCondition[];
}

/**
 * The one definition of a dataset's conditions. The records write `primary` as eucaim:hasCondition and the
 * `codeValues` of `conditions` as healthdcatap:hasCodeValues; the catalogue's JSON card lists `conditions`
 * and names `primary`; `unmappedValues` lists those without a hyperontology code. A condition of no patient is
 * none of the dataset's: it is not listed anywhere.
 */
export function datasetConditions(facts: Pick<DatasetFacts, 'steward' | 'generated'>): DatasetConditions {
  const conditions = presentConditions(facts.generated);
  return { primary: primaryCode(facts.steward.primaryCondition, conditions), conditions };
}

function presentConditions(generated: GeneratedFacts): DatasetCondition[] {
  const conditions: DatasetCondition[] = [];
  generated.conditions.forEach((item, i) => {
    checkCount(item.count, `conditions[${i}].count`);
    if (item.count === 0) return;
    const codeValues = new Set<string>();
    for (const coding of item.codings) {
      const label = SYSTEM_LABEL[coding.system];
      if (label) codeValues.add(`${label}: ${coding.code}`);
    }
    conditions.push({ value: item.value, count: item.count, eucaimCode: eucaimCode(item, `conditions[${i}]`) ?? null, codeValues: [...codeValues].sort() });
  });
  return conditions.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function primaryCode(chosen: string | undefined, conditions: readonly DatasetCondition[]): string | null {
  const steward = chosen?.trim();
  if (steward) {
    if (!HYPERONTOLOGY_CODE.test(steward)) {
      throw oncoError('CATALOGUE_INVALID_FACTS', 'primaryCondition is not a hyperontology code (e.g. CLIN1000065).', { field: 'primaryCondition' });
    }
    return steward;
  }
  let best: { code: string; count: number } | undefined;
  for (const { eucaimCode: code, count } of conditions) {
    if (code === null) continue;
    if (!best || count > best.count || (count === best.count && code < best.code)) best = { code, count };
  }
  return best?.code ?? null;
}

/** eucaim:hasCondition: the IRI of `datasetConditions(facts).primary`. */
export function primaryConditionIri(facts: DatasetFacts): string | undefined {
  const { primary } = datasetConditions(facts);
  return primary === null ? undefined : expand('eucaim', primary);
}

/**
 * healthdcatap:hasCodeValues is free text in release 7 (`ICD-10: C61`): the conditions' own codes, so a
 * reader sees the ICD-10 codes of the data even where the hyperontology has no concept for them.
 */
export function conditionCodeValues(generated: GeneratedFacts): string[] {
  return [...new Set(presentConditions(generated).flatMap((c) => c.codeValues))].sort();
}

export interface UnmappedValue {
  /** The record property the value would have gone to, e.g. `eucaim:hasImageBodyPart`. */
  readonly property: string;
  /** The value as it is in the data (`PELVIS`). */
  readonly value: string;
  readonly count: number;
}

/** Values present in the data that the records leave out for lack of a hyperontology code. */
export function unmappedValues(generated: GeneratedFacts): UnmappedValue[] {
  const uncoded = (property: string, items: readonly CodedCount[]): UnmappedValue[] =>
    items.filter((item) => item.count > 0 && !item.codings.some((c) => c.system === 'EUCAIM')).map((item) => ({ property, value: item.value, count: item.count }));
  return [
    ...uncoded('eucaim:hasBirthSex', generated.sex),
    ...presentConditions(generated).filter((c) => c.eucaimCode === null).map((c) => ({ property: 'eucaim:hasCondition', value: c.value, count: c.count })),
    ...uncoded('eucaim:hasImageModality', generated.modalities),
    ...uncoded('eucaim:hasImageBodyPart', generated.bodyParts),
    ...uncoded('eucaim:hasEquipmentManufacturer', generated.manufacturers),
  ];
}
