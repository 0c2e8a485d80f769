/**
 * One patient as a release shows them, built the same way from three places so that they can be compared:
 * the node's integrated data before release (the search's input), the version as written (what is measured),
 * and the hospital's identified tables (an attacker's background). The quasi-identifiers it holds are the
 * ones of quasi-identifiers.ts: attributes of the patient, one event per condition (code, site, morphology,
 * grade, TNM, stage, tumour size, date), one per study (modalities, manufacturers, models, body parts, date,
 * hour) and one per other dated record (episodes, treatments, procedures, follow-ups, death).
 *
 * Dates enter as offsets from the patient's baseline (`DateReader`): in days before release, as released bins
 * after. The sensitive attribute is the set of treatment types (quasi-identifiers.ts). Pure.
 */
import type { CellValue, EventRecord, PatientRecord } from '@oncoatlas/risk';
import { SENSITIVE_ATTRIBUTE, stageQuasiIdentifier } from '../profile/quasi-identifiers.ts';

export type CdmData = Readonly<Record<string, unknown>>;

/** What a release needs of one study, from its files' headers. */
export interface StudyHeader {
  /** The study's folder (its de-identified Study Instance UID), or the hospital's study key for a background. */
  readonly study: string;
  /** Study Date as written (YYYYMMDD). */
  readonly date: string | null;
  readonly time: string | null;
  readonly modalities: readonly string[];
  readonly manufacturers: readonly string[];
  /** Manufacturer's Model Name and Software Versions, `model|software`. */
  readonly models: readonly string[];
  readonly bodyParts: readonly string[];
  readonly lateralities: readonly string[];
  readonly institutions: readonly string[];
}

export interface PatientSources {
  readonly id: string;
  /** CDM records of the patient by table; subtype tables (radiotherapy...) are not needed. */
  readonly cdm: ReadonlyMap<string, readonly CdmData[]>;
  readonly studies: readonly StudyHeader[];
}

/**
 * How a view reads a date: `(table, record, field)` for a clinical date and `(study)` for a study's, giving
 * days from the baseline (a number), a released bin label, or null.
 */
export interface DateReader {
  clinical(table: string, record: CdmData, field: string): CellValue;
  study(study: StudyHeader): CellValue;
}

/** The date fields of the CDM tables, grouped as the release generalises them (quasi-identifiers.ts). */
export const CLINICAL_DATE_GROUPS: readonly { readonly table: string; readonly field: string; readonly group: string }[] = [
  { table: 'cancer_condition', field: 'cancer_condition_asserted_date', group: 'conditions' },
  { table: 'episode', field: 'episode_start_date', group: 'episode_start' },
  { table: 'episode', field: 'episode_end_date', group: 'episode_end' },
  { table: 'treatment', field: 'treatment_start_date', group: 'treatment_start' },
  { table: 'treatment', field: 'treatment_end_date', group: 'treatment_end' },
  { table: 'procedure', field: 'procedure_date', group: 'procedures' },
  { table: 'follow_up', field: 'follow_up_date', group: 'follow_up' },
  { table: 'follow_up', field: 'death_date', group: 'death' },
  { table: 'patient', field: 'patient_date_of_last_contact', group: 'last_contact' },
];

const valueOf = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && 'value' in v) return valueOf((v as { value: unknown }).value);
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
};

const joined = (values: Iterable<string>): string | null => {
  const set = [...new Set([...values].map((v) => v.trim().toUpperCase()).filter((v) => v !== ''))].sort();
  return set.length === 0 ? null : set.join('+');
};

/**
 * Objects that travel with images (reports, segmentations, key images, presentation states) are not what an
 * outsider knows of a patient: whether a study has a structured report is the hospital's workflow, not the
 * person's. Their modalities are declared non-identifying (attribute-rules.ts) and left out of the study's.
 */
export const DERIVED_OBJECT_MODALITIES: ReadonlySet<string> = new Set(['SR', 'SEG', 'KO', 'PR', 'DOC', 'OT', 'REG', 'RTSTRUCT', 'PLAN']);

const isImageModality = (m: string): boolean => !DERIVED_OBJECT_MODALITIES.has(m.trim().toUpperCase());

function vitalStatus(cdm: ReadonlyMap<string, readonly CdmData[]>): string | null {
  const states = new Set<string>();
  for (const p of cdm.get('patient') ?? []) if (typeof p.patient_deceased === 'boolean') states.add(p.patient_deceased ? 'dead' : 'alive');
  for (const f of cdm.get('follow_up') ?? []) {
    const v = valueOf(f.vital_status);
    if (v) states.add(v);
  }
  if (states.has('dead')) return 'dead';
  return states.has('alive') ? 'alive' : null;
}

export function patientView(src: PatientSources, dates: DateReader): PatientRecord {
  const cdm = src.cdm;
  const patient = cdm.get('patient')?.[0];
  const byCondition = <T>(table: string, pick: (r: CdmData) => T): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const r of cdm.get(table) ?? []) {
      const id = String(r.cancer_condition_id);
      let list = out.get(id);
      if (!list) out.set(id, (list = []));
      list.push(pick(r));
    }
    return out;
  };
  const stages = byCondition('cancer_stage', (r) => ({ field: stageQuasiIdentifier(String(r.code ?? '')), value: valueOf(r.as_concept) }));
  const grades = byCondition('histologic_grade', (r) => valueOf(r.value_as_concept));
  const tumours = byCondition('tumor', (r) => r);

  const conditions: EventRecord[] = (cdm.get('cancer_condition') ?? []).map((c) => {
    const id = String(c.cancer_condition_id);
    const tumour = (tumours.get(id) ?? []).find((t) => t.tumor_is_index !== false);
    const laterality = valueOf(tumour?.body_site_laterality);
    const topography = valueOf(c.cancer_condition_topography);
    const event: Record<string, CellValue> = {
      condition: valueOf(c.cancer_condition_code),
      topography: topography && laterality ? `${topography}|${laterality}` : topography,
      morphology: valueOf(c.cancer_condition_histology_morphology),
      grade: grades.get(id)?.[0] ?? null,
      tnm_t: null, tnm_n: null, tnm_m: null, stage: null,
      tumour_size: tumour && typeof tumour.tumor_size_mm === 'number' ? tumour.tumor_size_mm : valueOf(tumour?.tumor_size_mm),
      offset: dates.clinical('cancer_condition', c, 'cancer_condition_asserted_date'),
    };
    for (const s of stages.get(id) ?? []) if (s.field && event[s.field] === null) event[s.field] = s.value;
    return event;
  });

  const events: Record<string, EventRecord[]> = { conditions };
  for (const { table, field, group } of CLINICAL_DATE_GROUPS) {
    if (group === 'conditions') continue;
    events[group] = (cdm.get(table) ?? []).map((r) => ({ offset: dates.clinical(table, r, field) }));
  }
  events.studies = src.studies.map((s) => ({
    modality: joined(s.modalities.filter(isImageModality)), manufacturer: joined(s.manufacturers), model: joined(s.models), body_part: joined(s.bodyParts), laterality: joined(s.lateralities),
    offset: dates.study(s), time: s.time,
  }));

  const treatments = [...new Set((cdm.get('treatment') ?? []).map((t) => valueOf(t.treatment_type) ?? 'unknown'))].sort();
  return {
    id: src.id,
    values: {
      age: typeof patient?.patient_age_at_diagnosis === 'number' ? patient.patient_age_at_diagnosis : valueOf(patient?.patient_age_at_diagnosis),
      sex: valueOf(patient?.patient_birth_sex),
      vital_status: vitalStatus(cdm),
      // What the images say; the clinical table's managing organisation is released as exactly that, or not at
      // all (clinical-release.ts), so it adds nothing to measure.
      institution: joined(src.studies.flatMap((s) => s.institutions)),
      [SENSITIVE_ATTRIBUTE]: treatments.length === 0 ? 'none' : treatments.join('+'),
    },
    events,
  };
}
