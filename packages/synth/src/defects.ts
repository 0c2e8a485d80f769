/**
 * The defects the synthetic hospital plants, and how often. Rates are per study unless said otherwise; the
 * fatal ones add up to 12.75 %, as in the reference hospital (10,892 of 12,484 candidate studies integrated).
 * docs/synthetic-hospital.md explains each, with what a correct pipeline must do about it.
 */

/** Why a correct pipeline rejects a whole study (exactly one per rejected study). */
export const REJECTION_REASONS = ['no_clinical_record', 'consent_withdrawn', 'demographics_conflict', 'out_of_scope_modality', 'no_readable_instances'] as const;
export type RejectionReason = typeof REJECTION_REASONS[number];

/** Fatal defects: patient-level ones are drawn per patient, so every study of that patient carries them. */
export const FATAL_RATES: Record<RejectionReason, number> = {
  no_clinical_record: 0.05,
  consent_withdrawn: 0.015,
  demographics_conflict: 0.02,
  out_of_scope_modality: 0.03,
  no_readable_instances: 0.0125,
};

/** Defects a correct pipeline handles without losing the study. */
export const DEFECT_KINDS = [
  'truncated_instance', // one instance cut short: that instance is rejected, the study integrated
  'duplicate_instance', // one instance exported twice (a copy or a symlink): counted once
  'stray_file', // a non-DICOM file in the study folder (thumbnail, notes): rejected as not DICOM
  'corrupt_file', // an extra file whose header is garbage: rejected, cannot be attributed to a study
  'undeclared_charset', // accented text without (0008,0005): read as Latin-1 with a warning
  'legacy_big_endian', // retired explicit VR big endian transfer syntax
  'burned_in_annotation', // instances flagged BurnedInAnnotation YES: held for review, not released
  'name_in_description', // the patient's name typed into a study or series description
  'name_in_private_tag', // the patient's name in a vendor private element
  'name_in_report', // the patient's name in the SR report text
  'name_in_path', // the export folder is named after the patient
  'dicomdir_import', // the study came on a CD and is listed in a DICOMDIR
] as const;
export type DefectKind = typeof DEFECT_KINDS[number] | RejectionReason;

export const DEFECT_RATES = {
  truncated_instance: 0.02,
  duplicate_instance: 0.03,
  stray_file: 0.02,
  corrupt_file: 0.005,
  undeclared_charset: 0.03,
  legacy_big_endian: 0.1, // of MR studies
  screenshot_series: 0.1, // of CT and PET-CT studies: a dose/scanner screenshot (secondary capture, burned-in)
  name_in_description: 0.08,
  name_in_private_tag: 0.15,
  name_in_path: 0.2,
  dicomdir_import: 0.02,
  report: 0.4, // studies with an SR report
  segmentation: 0.1, // CT and MR studies with a SEG
  clinical_only_patients: 0.04, // patients in the clinical tables without any study
  clinical_duplicate_rows: 0.02,
  unknown_sex_typo: 0.02,
  age_in_days: 0.05,
} as const;
