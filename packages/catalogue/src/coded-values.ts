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

/**
 * eucaim:hasCondition is 1..1 (§4.1): the steward's choice, or else the coded condition with the most
 * patients (ties: the lower code). A dataset of several cancers still names one primary condition.
 */
export function primaryConditionIri(facts: DatasetFacts): string | undefined {
  const chosen = facts.steward.primaryCondition?.trim();
  if (chosen) {
    if (!HYPERONTOLOGY_CODE.test(chosen)) {
      throw oncoError('CATALOGUE_INVALID_FACTS', 'primaryCondition is not a hyperontology code (e.g. CLIN1000065).', { field: 'primaryCondition' });
    }
    return expand('eucaim', chosen);
  }
  let best: { code: string; count: number } | undefined;
  facts.generated.conditions.forEach((item, i) => {
    checkCount(item.count, `conditions[${i}].count`);
    const code = eucaimCode(item, `conditions[${i}]`);
    if (!code || item.count === 0) return;
    if (!best || item.count > best.count || (item.count === best.count && code < best.code)) best = { code, count: item.count };
  });
  return best ? expand('eucaim', best.code) : undefined;
}

const SYSTEM_LABEL: Readonly<Record<string, string>> = { SNOMEDCT: 'SNOMED CT', 'ICD-10': 'ICD-10', 'ICD-O-3': 'ICD-O-3' };

/**
 * healthdcatap:hasCodeValues is free text in release 7 (`ICD-10: C61`): the conditions' own codes, so a
 * reader sees the ICD-10 codes of the data even where the hyperontology has no concept for them.
 */
export function conditionCodeValues(generated: GeneratedFacts): string[] {
  const out = new Set<string>();
  for (const item of generated.conditions) {
    if (item.count === 0) continue;
    for (const coding of item.codings) {
      const label = SYSTEM_LABEL[coding.system];
      if (label) out.add(`${label}: ${coding.code}`);
    }
  }
  return [...out].sort();
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
  const groups: [string, readonly CodedCount[]][] = [
    ['eucaim:hasBirthSex', generated.sex],
    ['eucaim:hasCondition', generated.conditions],
    ['eucaim:hasImageModality', generated.modalities],
    ['eucaim:hasImageBodyPart', generated.bodyParts],
    ['eucaim:hasEquipmentManufacturer', generated.manufacturers],
  ];
  return groups.flatMap(([property, items]) =>
    items.filter((item) => item.count > 0 && !item.codings.some((c) => c.system === 'EUCAIM')).map((item) => ({ property, value: item.value, count: item.count })),
  );
}
