export { generateHospital, REFERENCE_COHORT_STUDIES, SYNTH_VERSION } from './hospital.ts';
export type { SynthOptions, Truth } from './hospital.ts';
export type { DefectTruth, FileTruth, StudyTruth } from './study-files.ts';
export { DEFECT_KINDS, REJECTION_REASONS } from './defects.ts';
export type { DefectKind, RejectionReason } from './defects.ts';
export type { PixelSize } from './image-instance.ts';
export { CLINICAL_DEFECT_KINDS, CONSENT_VALUES, SEX_VALUES } from './clinical-tables.ts';
export type { ClinicalDefectKind, ClinicalDefectTruth } from './clinical-tables.ts';
export { CLINICAL_MAPPING_FILE, SYNTHETIC_CLINICAL_MAPPING_YAML } from './clinical-mapping.ts';
