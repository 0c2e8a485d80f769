/**
 * The synthetic hospital's mapping (the same text as fixtures/synthetic-hospital.mapping.yaml, which a test
 * keeps identical), and which QC check catches each kind of clinical defect it plants (truth.json
 * `clinical.defects`), so its funnel can be checked end to end.
 */
import type { Mapping } from './mapping/mapping.ts';
import { parseMapping } from './mapping/parse-mapping.ts';
import type { CheckName } from './qc/checks.ts';

export const SYNTHETIC_HOSPITAL_MAPPING_YAML = `# Clinical mapping of the synthetic hospital (\`oncoatlas synth\`, see docs/synthetic-hospital.md): which
# table and column of its clinical export feed which EUCAIM CDM field, and how its values read.
version: 1

dates:
  day_first: true            # 05/06/2020 is the 5th of June
  two_digit_year_pivot: 30   # 24 is 2024, 45 is 1945

tables:
  patients:
    source: patients.csv
    entity: patient
    patient_key: NHC
    consent:
      column: Consentimiento
      withdrawn: [Revocado, revocat]
    columns:
      # Apellidos and Nombre are names: not mapped, so never copied into the CDM.
      Sexo:
        field: birth_sex
        required: warning
        values: { H: male, D: female }   # Hombre/Home and Mujer/Dona are built in
      Fecha_nacimiento: { field: birth_date, required: warning }
      Edad_diagnostico: { field: age_at_diagnosis, unit: years, required: warning }
      Centro: managing_organization

  diagnoses:
    source: "diagnosticos.xlsx#Diagnósticos"
    entity: cancer_condition
    patient_key: NHC
    columns:
      Fecha diagnóstico: { field: asserted_date, required: warning }
      CIE10: { field: code, required: error }
      Topografía CIE-O-3: topography
      Morfología CIE-O-3: histology_morphology
      T: tnm_t
      N: tnm_n
      M: tnm_m
      Estadio: stage_group
      Tamaño tumor: { field: tumor_size, unit: mm }

  treatments:
    source: "diagnosticos.xlsx#Tratamientos"
    entity: treatment
    patient_key: NHC
    columns:
      Tipo: { field: treatment_type, required: error }
      Fecha inicio: start_date
      Fármaco: medication
      Dosis: { field: dose, unit: Gy }   # radiotherapy in Gy or cGy; drug doses keep their unit

  outcomes:
    source: outcomes.csv
    entity: follow_up
    patient_key: patient_id
    one_row_per_patient: true
    columns:
      last_followup: date_of_last_contact
      vital_status: vital_status          # dead/Exitus/deceased, alive/Vivo/viu are built in
      death_date: death_date
`;

export function syntheticHospitalMapping(): Mapping {
  return parseMapping(SYNTHETIC_HOSPITAL_MAPPING_YAML, 'synthetic-hospital.mapping.yaml');
}

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
