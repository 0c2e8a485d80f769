/**
 * Why a study is not integrated. The first five are the reasons of the synthetic hospital's truth.json (and of
 * the reference hospital's report); the others come from the cohort's own rules and from review.
 */
export const REJECTION_REASON_NAMES = [
  'no_readable_instances', 'no_clinical_record', 'consent_withdrawn', 'demographics_conflict', 'out_of_scope_modality',
  'out_of_date_range', 'deidentification_failed', 'rejected_in_review', 'clinical_qc_failed',
] as const;
export type RejectionReasonName = typeof REJECTION_REASON_NAMES[number];
