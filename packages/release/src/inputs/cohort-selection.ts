/**
 * The cohort a researcher asks for: which of the node's integrated studies a version holds, by modality,
 * condition (an ICD-10 prefix such as `C34`, or a condition name such as `lung_cancer`), body part, study date
 * range (the real dates: the node holds them, and a researcher means the calendar) and whether the patient
 * has a clinical record. Counts of what each criterion left out go into the version's summary. Pure.
 */
import { oncoError } from '@oncoatlas/core';
import { dayNumber } from '../files/release-dates.ts';
import type { IntegratedStudy } from './integrated-inputs.ts';
import type { CdmData } from '../patients/patient-view.ts';

export interface CohortSelection {
  /** Studies with at least one of these modalities. */
  readonly modalities?: readonly string[];
  /** Patients with a condition whose ICD-10 code starts with one of these, or whose condition name is one. */
  readonly conditions?: readonly string[];
  /** Studies with one of these Body Part Examined values. */
  readonly bodyParts?: readonly string[];
  /** Studies on or after this day (YYYY-MM-DD), by the hospital's own study date. */
  readonly from?: string;
  readonly to?: string;
  /** Patients with a clinical record only. */
  readonly hasClinicalRecord?: boolean;
}

export type SelectionCriterion = 'modality' | 'condition' | 'body_part' | 'study_date' | 'clinical_record';

export interface Selected {
  readonly studies: readonly IntegratedStudy[];
  /** Studies left out, by the first criterion they fail. */
  readonly excluded: Readonly<Partial<Record<SelectionCriterion, number>>>;
}

const upper = (values: readonly string[] | undefined): Set<string> | undefined => (values && values.length > 0 ? new Set(values.map((v) => v.trim().toUpperCase())) : undefined);

function day(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const d = dayNumber(value);
  if (d === null) throw oncoError('USAGE', `${what} takes a date as YYYY-MM-DD, not "${value}".`);
  return d;
}

/** Validated selection criteria (dates parsed), or a usage error naming the wrong one. */
export function checkSelection(s: CohortSelection): void {
  const from = day(s.from, 'The start of the date range');
  const to = day(s.to, 'The end of the date range');
  if (from !== undefined && to !== undefined && from > to) throw oncoError('USAGE', 'The date range ends before it starts.');
}

export function selectCohort(
  studies: readonly IntegratedStudy[],
  cdm: ReadonlyMap<string, ReadonlyMap<string, readonly CdmData[]>>,
  s: CohortSelection,
  realStudyDate: (studyKey: string) => string | null,
): Selected {
  checkSelection(s);
  const modalities = upper(s.modalities);
  const bodyParts = upper(s.bodyParts);
  const conditions = upper(s.conditions);
  const from = day(s.from, 'from');
  const to = day(s.to, 'to');
  const excluded: Partial<Record<SelectionCriterion, number>> = {};
  const out = (c: SelectionCriterion): false => {
    excluded[c] = (excluded[c] ?? 0) + 1;
    return false;
  };
  const hasCondition = (patient: string): boolean => (cdm.get(patient)?.get('cancer_condition') ?? []).some((c) => {
    const code = String((c.cancer_condition_code as { value?: unknown } | null)?.value ?? '').toUpperCase();
    const concept = String((c.cancer_condition_concept as { value?: unknown } | null)?.value ?? '').toUpperCase();
    return [...conditions!].some((want) => (code !== '' && code.startsWith(want)) || concept === want);
  });
  const kept = studies.filter((st) => {
    const h = st.header;
    if (modalities && !h.modalities.some((m) => modalities.has(m.trim().toUpperCase()))) return out('modality');
    if (bodyParts && !h.bodyParts.some((b) => bodyParts.has(b.trim().toUpperCase()))) return out('body_part');
    if (conditions && !hasCondition(st.patient)) return out('condition');
    if (s.hasClinicalRecord && !(cdm.get(st.patient)?.get('patient')?.length)) return out('clinical_record');
    if (from !== undefined || to !== undefined) {
      const d = dayNumber(realStudyDate(st.key));
      if (d === null || (from !== undefined && d < from) || (to !== undefined && d > to)) return out('study_date');
    }
    return true;
  });
  return { studies: kept, excluded };
}
