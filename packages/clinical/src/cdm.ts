/**
 * The EUCAIM common data model (CDM) records this package produces: the tables of the ETL toolset's
 * `eucaim_cdm_output` schema (reference notes §5.2, mCODE-based), with their snake_case column names.
 * Every record is keyed by the patient's pseudonym, never the hospital ID, and holds no free text the
 * mapping did not ask for. Dates are whatever the caller's date policy returned (a full date, a shifted
 * date, a year), so consumers must not assume `YYYY-MM-DD`.
 */

/** Code systems a coded value may carry. `EUCAIM` codes are hyperontology codes (`IMG1000026`). */
export type CodeSystem = 'SNOMEDCT' | 'EUCAIM' | 'RadLex' | 'ICD-10' | 'ICD-O-3' | 'TNM';

export interface Coding {
  readonly system: CodeSystem;
  readonly code: string;
}

/**
 * A value from a value set: the value-set key it resolved to, a display label, and its standard codes.
 * `codings` is empty when no standard code is known for the value: we never invent one, and QC reports it.
 */
export interface Coded {
  readonly value: string;
  readonly display: string;
  readonly codings: readonly Coding[];
}

/** A date as the caller's date policy rendered it (`YYYY-MM-DD`, `YYYY`, a shifted date...). */
export type CdmDate = string;

export interface PatientRecord {
  /** The pseudonym. */
  readonly patient_id: string;
  readonly dataset_id: string | null;
  readonly patient_birth_date: CdmDate | null;
  readonly patient_birth_sex: Coded | null;
  readonly patient_gender: Coded | null;
  readonly patient_race: string | null;
  readonly patient_ethnicity: string | null;
  readonly patient_managing_organization: string | null;
  readonly patient_diagnostic_category: string | null;
  readonly patient_deceased: boolean | null;
  readonly patient_date_of_last_contact: CdmDate | null;
  readonly patient_cause_of_death: string | null;
  /** Age at diagnosis in years with one decimal: mandatory in EUCAIM's minimum clinical metadata (§5.3). */
  readonly patient_age_at_diagnosis: number | null;
}

/** Episode types of the EUCAIM CDM; Diagnosis is the overarching episode. */
export type EpisodeType = 'Diagnosis' | 'Treatment' | 'Progression' | 'Relapse' | 'Remission' | 'Active Surveillance';

export interface EpisodeRecord {
  readonly episode_id: string;
  readonly patient_id: string;
  readonly episode_type_code: EpisodeType;
  readonly episode_number: number;
  readonly episode_start_date: CdmDate | null;
  readonly episode_end_date: CdmDate | null;
  readonly episode_offset_unit: string | null;
  readonly episode_parent_id: string | null;
}

export interface CancerConditionRecord {
  readonly cancer_condition_id: string;
  readonly patient_id: string;
  /** ICD-10 code, e.g. `C34.1`. */
  readonly cancer_condition_code: Coded | null;
  /** The cancer the ICD-10 category stands for (SNOMED CT, EUCAIM condition), when it is known for sure. */
  readonly cancer_condition_concept: Coded | null;
  readonly cancer_condition_type: Coded | null;
  /** ICD-O-3 morphology, e.g. `8140/3`. */
  readonly cancer_condition_histology_morphology: Coded | null;
  /** ICD-O-3 topography, e.g. `C34.1`. */
  readonly cancer_condition_topography: Coded | null;
  readonly cancer_condition_asserted_date: CdmDate | null;
  readonly episode_id: string | null;
}

export interface CancerStageRecord {
  readonly cancer_stage_id: string;
  readonly cancer_condition_id: string;
  readonly patient_id: string;
  /** What is staged: `T`, `N`, `M` with a `c`/`p` prefix when known, or `stage_group`. */
  readonly code: string;
  readonly scoring_system: 'TNM';
  readonly as_concept: Coded;
}

export interface HistologicGradeRecord {
  readonly histologic_grade_id: string;
  readonly cancer_condition_id: string;
  readonly patient_id: string;
  readonly scoring_system: string;
  readonly code: string;
  readonly value_as_concept: Coded;
}

export interface TumorRecord {
  readonly tumor_id: string;
  readonly cancer_condition_id: string;
  readonly patient_id: string;
  readonly tumor_is_index: boolean;
  readonly histology_morphology: Coded | null;
  /** Largest diameter in millimetres, whatever unit the source used. */
  readonly tumor_size_mm: number | null;
  readonly body_site: Coded | null;
  readonly body_site_laterality: Coded | null;
}

export interface ProcedureRecord {
  readonly procedure_id: string;
  readonly patient_id: string;
  readonly procedure_code: string | null;
  readonly procedure_category: string | null;
  readonly procedure_evaluation_finding: string | null;
  readonly procedure_date: CdmDate | null;
  readonly imaging_timepoint: string | null;
  readonly episode_id: string | null;
}

export type TreatmentSubtype = 'radiotherapy' | 'surgical_procedure' | 'medication_administration';

export interface TreatmentRecord {
  readonly treatment_id: string;
  readonly patient_id: string;
  readonly treatment_type: Coded | null;
  readonly treatment_subtype: TreatmentSubtype | null;
  readonly treatment_intent: string | null;
  readonly treatment_response: string | null;
  readonly treatment_start_date: CdmDate | null;
  readonly treatment_end_date: CdmDate | null;
  readonly episode_id: string | null;
}

export interface RadiotherapyRecord {
  readonly treatment_id: string;
  /** Total dose in gray, whatever unit the source used. */
  readonly radiotherapy_dose_gy: number | null;
  readonly radiotherapy_fractions: number | null;
  readonly body_site: Coded | null;
}

export interface SurgicalProcedureRecord {
  readonly treatment_id: string;
  readonly body_site: Coded | null;
}

export interface MedicationAdministrationRecord {
  readonly treatment_id: string;
  readonly medication: string | null;
  readonly medication_dose_value: number | null;
  /** As written (UCUM-like, e.g. `mg/m2`): drug doses are not converted. */
  readonly medication_dose_unit: string | null;
}

export interface FollowUpRecord {
  readonly follow_up_id: string;
  readonly patient_id: string;
  readonly follow_up_date: CdmDate | null;
  readonly vital_status: Coded | null;
  readonly death_date: CdmDate | null;
  readonly cause_of_death: string | null;
}

export interface ImageStudyRecord {
  readonly study_id: string;
  readonly patient_id: string;
  readonly procedure_id: string | null;
  /** The de-identified Study Instance UID (the caller's `uidOf`), never the hospital's. */
  readonly study_uid: string | null;
  readonly study_date: CdmDate | null;
  readonly imaging_timepoint: string | null;
  readonly study_offset_unit: string | null;
}

export interface ImageSeriesRecord {
  readonly series_id: string;
  readonly patient_id: string;
  readonly series_uid: string | null;
  readonly study_uid: string | null;
  readonly series_number: number | null;
  readonly series_description: string | null;
  readonly series_manufacturer: Coded | null;
  readonly series_body_site: Coded | null;
  readonly series_body_side_laterality: Coded | null;
  readonly series_acquisition_date: CdmDate | null;
  readonly series_modality: Coded | null;
}

export interface CdmRecords {
  readonly patient: readonly PatientRecord[];
  readonly episode: readonly EpisodeRecord[];
  readonly cancer_condition: readonly CancerConditionRecord[];
  readonly cancer_stage: readonly CancerStageRecord[];
  readonly histologic_grade: readonly HistologicGradeRecord[];
  readonly tumor: readonly TumorRecord[];
  readonly procedure: readonly ProcedureRecord[];
  readonly treatment: readonly TreatmentRecord[];
  readonly radiotherapy: readonly RadiotherapyRecord[];
  readonly surgical_procedure: readonly SurgicalProcedureRecord[];
  readonly medication_administration: readonly MedicationAdministrationRecord[];
  readonly follow_up: readonly FollowUpRecord[];
  readonly image_study: readonly ImageStudyRecord[];
  readonly image_series: readonly ImageSeriesRecord[];
}

/** `EUCAIM:IMG1000026`, `SNOMEDCT:77477000`: the CURIE form the EGA EUCAIM-Schema uses (§5.4). */
export function curie(coding: Coding): string {
  return `${coding.system}:${coding.code}`;
}
