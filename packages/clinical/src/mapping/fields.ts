/**
 * What a mapping file may feed: the CDM entities a source table can stand for and, per entity, the fields
 * a column can fill, with how the value is read. Field names are the CDM column names without the entity
 * prefix (`birth_sex` fills `patient_birth_sex`), as a data steward would say them.
 */
import type { Dimension } from '../quantities.ts';
import type { ValueSetName } from '../value-sets.ts';

export type FieldType =
  | { readonly type: 'text' }
  | { readonly type: 'date' }
  | { readonly type: 'code'; readonly valueSet: ValueSetName }
  | { readonly type: 'quantity'; readonly dimension: Dimension }
  /** A radiotherapy dose (gray) or a drug dose (kept with its unit), by the row's treatment type. */
  | { readonly type: 'dose' }
  | { readonly type: 'integer' }
  /** A DICOM UID: replaced by the caller's de-identified UID. */
  | { readonly type: 'uid' };

const text = { type: 'text' } as const;
const date = { type: 'date' } as const;
const integer = { type: 'integer' } as const;
const uid = { type: 'uid' } as const;
const code = (valueSet: ValueSetName): FieldType => ({ type: 'code', valueSet });
const quantity = (dimension: Dimension): FieldType => ({ type: 'quantity', dimension });

export const ENTITY_FIELDS = {
  patient: {
    birth_date: date, birth_sex: code('sex'), gender: code('sex'), age_at_diagnosis: quantity('age'),
    race: text, ethnicity: text, managing_organization: text, diagnostic_category: text,
    deceased: code('vital_status'), date_of_last_contact: date, cause_of_death: text,
  },
  cancer_condition: {
    code: code('icd10'), type: code('condition_type'), histology_morphology: code('icdo3_morphology'),
    topography: code('icdo3_topography'), asserted_date: date,
    tnm_t: code('tnm_t'), tnm_n: code('tnm_n'), tnm_m: code('tnm_m'), stage_group: code('stage_group'), grade: code('grade'),
    tumor_size: quantity('length'), body_site: code('body_part'), laterality: code('laterality'),
  },
  treatment: {
    treatment_type: code('treatment_type'), start_date: date, end_date: date, intent: text, response: text,
    dose: { type: 'dose' }, fractions: integer, medication: text, body_site: code('body_part'),
  },
  procedure: {
    procedure_code: text, procedure_category: text, procedure_date: date, procedure_evaluation_finding: text, imaging_timepoint: text,
  },
  follow_up: {
    date_of_last_contact: date, vital_status: code('vital_status'), death_date: date, cause_of_death: text,
  },
  image_study: {
    study_uid: uid, study_date: date, imaging_timepoint: text,
  },
  image_series: {
    series_uid: uid, study_uid: uid, series_number: integer, series_description: text, manufacturer: code('manufacturer'),
    body_site: code('body_part'), laterality: code('laterality'), acquisition_date: date, modality: code('modality'),
  },
} as const satisfies Record<string, Record<string, FieldType>>;

export type MappableEntity = keyof typeof ENTITY_FIELDS;

export const ENTITIES = Object.keys(ENTITY_FIELDS) as MappableEntity[];

export function fieldsOf(entity: MappableEntity): Record<string, FieldType> {
  return ENTITY_FIELDS[entity];
}

/** The entities, other than `entity`, that have a field of this name: for "belongs to ..." hints. */
export function entitiesWithField(field: string, except: MappableEntity): MappableEntity[] {
  return ENTITIES.filter((e) => e !== except && Object.hasOwn(ENTITY_FIELDS[e], field));
}

/** Entities with one row per patient by nature: a second, different row for a patient is a conflict. */
export const ONE_ROW_PER_PATIENT: ReadonlySet<MappableEntity> = new Set(['patient']);
