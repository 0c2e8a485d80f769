/**
 * Which QC check catches each kind of clinical defect the synthetic hospital plants (truth.json
 * `clinical.defects`), so its QC can be checked end to end. The hospital's mapping itself is written by
 * `oncoatlas synth` (clinical-mapping.yaml, from @oncoatlas/synth), beside the tables it maps.
 */
import type { CheckName } from './qc/checks.ts';

/** Defect kind (as @oncoatlas/synth names it) → the check that must report it. */
export const SYNTHETIC_DEFECT_CHECKS: Readonly<Record<string, CheckName>> = {
  duplicate_row: 'uniqueness.duplicate_row',
  sex_typo: 'conformance.value_set',
  sex_unknown: 'completeness.unknown_value',
  sex_missing: 'completeness.required_field',
  age_in_days: 'plausibility.age_unit',
  two_digit_year: 'validity.two_digit_year',
  icd10_typo: 'conformance.code_format',
  size_in_cm: 'plausibility.unit',
  dose_in_cgy: 'plausibility.unit',
  followup_after_death: 'plausibility.date_order',
  consent_withdrawn: 'consent.withdrawn',
  clinical_only: 'linkage.clinical_without_images',
  no_clinical_record: 'linkage.images_without_clinical',
};
