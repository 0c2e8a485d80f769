/**
 * Turns the kept rows into CDM records. Record IDs follow the EUCAIM-Schema convention (`X123456-D01` for a
 * disease, `-T01` a tumour, `-IMG01` a study) on the pseudonym, numbered per patient in row order, so the
 * same input always gives the same IDs. Every date goes through the caller's date policy here, and only here.
 */
import type {
  CancerConditionRecord, CancerStageRecord, CdmRecords, EpisodeRecord, FollowUpRecord, HistologicGradeRecord, ImageSeriesRecord, ImageStudyRecord,
  MedicationAdministrationRecord, PatientRecord, ProcedureRecord, RadiotherapyRecord, SurgicalProcedureRecord, TreatmentRecord, TumorRecord,
} from '../cdm.ts';
import { bodyPartOfTopography, conditionConcept } from '../codes.ts';
import type { MappableEntity } from '../mapping/fields.ts';
import { conceptByKey, TREATMENT_SUBTYPE } from '../value-sets.ts';
import { codeOf, dateOf, numberOf, textOf, type RowDraft } from './draft.ts';

export interface DateContext {
  /** The hospital patient ID (for a per-patient offset); never stored in a record. */
  readonly patientId: string;
  readonly pseudonym: string;
  readonly entity: MappableEntity;
  readonly field: string;
}

/** Renders a date (`YYYY-MM-DD`, as read) for release: keep, shift, reduce to a year, or drop (null). */
export type DatePolicy = (date: string, context: DateContext) => string | null;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

function emptyRecords(): Mutable<CdmRecords> {
  return {
    patient: [], episode: [], cancer_condition: [], cancer_stage: [], histologic_grade: [], tumor: [], procedure: [], treatment: [],
    radiotherapy: [], surgical_procedure: [], medication_administration: [], follow_up: [], image_study: [], image_series: [],
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

class PatientBuilder {
  readonly #counters = new Map<string, number>();
  firstDiagnosisEpisode: string | null = null;
  readonly pseudonym: string;
  constructor(pseudonym: string) {
    this.pseudonym = pseudonym;
  }
  next(kind: string): number {
    const n = (this.#counters.get(kind) ?? 0) + 1;
    this.#counters.set(kind, n);
    return n;
  }
  id(kind: string): string {
    return `${this.pseudonym}-${kind}${pad(this.next(kind))}`;
  }
}

export interface BuildOptions {
  readonly datePolicy: DatePolicy;
  readonly datasetId: string | null;
}

/** Builds records from kept rows; returns them and, per row, the IDs of the records it produced. */
export function buildRecords(kept: readonly RowDraft[], options: BuildOptions): { records: CdmRecords; produced: Map<RowDraft, string[]> } {
  const out = emptyRecords();
  const produced = new Map<RowDraft, string[]>();
  const builders = new Map<string, PatientBuilder>();
  const patients = new Map<string, Mutable<PatientRecord>>();
  const latestFollowUp = new Map<string, { date: string | null; record: FollowUpRecord }>();
  const order: MappableEntity[] = ['patient', 'cancer_condition', 'procedure', 'treatment', 'follow_up', 'image_study', 'image_series'];
  const rows = [...kept].sort((a, b) => order.indexOf(a.mapping.entity) - order.indexOf(b.mapping.entity));

  for (const d of rows) {
    const p = d.pseudonym!;
    let b = builders.get(p);
    if (!b) { b = new PatientBuilder(p); builders.set(p, b); }
    const date = (field: string): string | null => {
      const v = dateOf(d, field);
      return v === null ? null : options.datePolicy(v, { patientId: d.key, pseudonym: p, entity: d.mapping.entity, field });
    };
    const ids: string[] = [];
    produced.set(d, ids);
    let patient = patients.get(p);
    if (!patient) {
      patient = blankPatient(p, options.datasetId);
      patients.set(p, patient);
      out.patient.push(patient);
    }
    switch (d.mapping.entity) {
      case 'patient': {
        // Several rows only when the mapping allows more than one per patient: the first value wins.
        const fill = <K extends keyof PatientRecord>(k: K, v: PatientRecord[K]): void => { if (patient![k] === null && v !== null) patient![k] = v; };
        fill('patient_birth_date', date('birth_date'));
        fill('patient_birth_sex', codeOf(d, 'birth_sex'));
        fill('patient_gender', codeOf(d, 'gender'));
        fill('patient_race', textOf(d, 'race'));
        fill('patient_ethnicity', textOf(d, 'ethnicity'));
        fill('patient_managing_organization', textOf(d, 'managing_organization'));
        fill('patient_diagnostic_category', textOf(d, 'diagnostic_category'));
        const deceased = codeOf(d, 'deceased');
        fill('patient_deceased', deceased === null ? null : deceased.value === 'dead');
        fill('patient_date_of_last_contact', date('date_of_last_contact'));
        fill('patient_cause_of_death', textOf(d, 'cause_of_death'));
        fill('patient_age_at_diagnosis', numberOf(d, 'age_at_diagnosis'));
        ids.push(p);
        break;
      }
      case 'cancer_condition': {
        const number = b.next('E');
        const episode = `${p}-E${pad(number)}`;
        b.firstDiagnosisEpisode ??= episode;
        const id = b.id('D');
        const icd = codeOf(d, 'code');
        const topography = codeOf(d, 'topography');
        out.episode.push({ episode_id: episode, patient_id: p, episode_type_code: 'Diagnosis', episode_number: number, episode_start_date: date('asserted_date'), episode_end_date: null, episode_offset_unit: null, episode_parent_id: null } satisfies EpisodeRecord);
        out.cancer_condition.push({
          cancer_condition_id: id, patient_id: p, cancer_condition_code: icd, cancer_condition_concept: icd ? conditionConcept(icd.value) : null,
          cancer_condition_type: codeOf(d, 'type'), cancer_condition_histology_morphology: codeOf(d, 'histology_morphology'),
          cancer_condition_topography: topography, cancer_condition_asserted_date: date('asserted_date'), episode_id: episode,
        } satisfies CancerConditionRecord);
        ids.push(episode, id, ...stages(d, id, p, out.cancer_stage));
        const grade = codeOf(d, 'grade');
        if (grade) {
          out.histologic_grade.push({ histologic_grade_id: `${id}-G1`, cancer_condition_id: id, patient_id: p, scoring_system: 'WHO grade', code: 'histologic_grade', value_as_concept: grade } satisfies HistologicGradeRecord);
          ids.push(`${id}-G1`);
        }
        const size = numberOf(d, 'tumor_size');
        const site = codeOf(d, 'body_site') ?? (topography ? conceptOrNull(bodyPartOfTopography(topography.value)) : null);
        if (size !== null || codeOf(d, 'body_site') !== null || codeOf(d, 'laterality') !== null) {
          const tumor = b.id('T');
          out.tumor.push({ tumor_id: tumor, cancer_condition_id: id, patient_id: p, tumor_is_index: true, histology_morphology: codeOf(d, 'histology_morphology'), tumor_size_mm: size, body_site: site, body_site_laterality: codeOf(d, 'laterality') } satisfies TumorRecord);
          ids.push(tumor);
        }
        break;
      }
      case 'procedure': {
        const id = b.id('P');
        out.procedure.push({ procedure_id: id, patient_id: p, procedure_code: textOf(d, 'procedure_code'), procedure_category: textOf(d, 'procedure_category'), procedure_evaluation_finding: textOf(d, 'procedure_evaluation_finding'), procedure_date: date('procedure_date'), imaging_timepoint: textOf(d, 'imaging_timepoint'), episode_id: b.firstDiagnosisEpisode } satisfies ProcedureRecord);
        ids.push(id);
        break;
      }
      case 'treatment': {
        const number = b.next('E');
        const episode = `${p}-E${pad(number)}`;
        const id = b.id('TX');
        const type = codeOf(d, 'treatment_type');
        const subtype = type ? TREATMENT_SUBTYPE[type.value as keyof typeof TREATMENT_SUBTYPE] ?? null : null;
        out.episode.push({ episode_id: episode, patient_id: p, episode_type_code: 'Treatment', episode_number: number, episode_start_date: date('start_date'), episode_end_date: date('end_date'), episode_offset_unit: null, episode_parent_id: b.firstDiagnosisEpisode } satisfies EpisodeRecord);
        out.treatment.push({ treatment_id: id, patient_id: p, treatment_type: type, treatment_subtype: subtype, treatment_intent: textOf(d, 'intent'), treatment_response: textOf(d, 'response'), treatment_start_date: date('start_date'), treatment_end_date: date('end_date'), episode_id: episode } satisfies TreatmentRecord);
        const dose = d.values.get('dose');
        if (subtype === 'radiotherapy') out.radiotherapy.push({ treatment_id: id, radiotherapy_dose_gy: dose?.type === 'number' ? dose.number : null, radiotherapy_fractions: numberOf(d, 'fractions'), body_site: codeOf(d, 'body_site') } satisfies RadiotherapyRecord);
        if (subtype === 'surgical_procedure') out.surgical_procedure.push({ treatment_id: id, body_site: codeOf(d, 'body_site') } satisfies SurgicalProcedureRecord);
        if (subtype === 'medication_administration') {
          out.medication_administration.push({ treatment_id: id, medication: textOf(d, 'medication'), medication_dose_value: dose?.type === 'drug_dose' ? dose.number : null, medication_dose_unit: dose?.type === 'drug_dose' ? dose.unit : null } satisfies MedicationAdministrationRecord);
        }
        ids.push(episode, id);
        break;
      }
      case 'follow_up': {
        const id = b.id('F');
        const record: FollowUpRecord = { follow_up_id: id, patient_id: p, follow_up_date: date('date_of_last_contact'), vital_status: codeOf(d, 'vital_status'), death_date: date('death_date'), cause_of_death: textOf(d, 'cause_of_death') };
        out.follow_up.push(record);
        const asRead = dateOf(d, 'date_of_last_contact');
        const before = latestFollowUp.get(p);
        if (!before || (asRead !== null && (before.date === null || asRead > before.date))) latestFollowUp.set(p, { date: asRead, record });
        ids.push(id);
        break;
      }
      case 'image_study': {
        const id = b.id('IMG');
        const uid = d.values.get('study_uid');
        out.image_study.push({ study_id: id, patient_id: p, procedure_id: null, study_uid: uid?.type === 'uid' ? uid.uid : null, study_date: date('study_date'), imaging_timepoint: textOf(d, 'imaging_timepoint'), study_offset_unit: null } satisfies ImageStudyRecord);
        ids.push(id);
        break;
      }
      case 'image_series': {
        const id = b.id('SER');
        const uid = (f: string): string | null => { const v = d.values.get(f); return v?.type === 'uid' ? v.uid : null; };
        out.image_series.push({
          series_id: id, patient_id: p, series_uid: uid('series_uid'), study_uid: uid('study_uid'), series_number: numberOf(d, 'series_number'),
          series_description: textOf(d, 'series_description'), series_manufacturer: codeOf(d, 'manufacturer'), series_body_site: codeOf(d, 'body_site'),
          series_body_side_laterality: codeOf(d, 'laterality'), series_acquisition_date: date('acquisition_date'), series_modality: codeOf(d, 'modality'),
        } satisfies ImageSeriesRecord);
        ids.push(id);
        break;
      }
    }
  }
  // The patient table's vital status wins; the latest follow-up fills what it leaves open.
  for (const [p, { record }] of latestFollowUp) {
    const patient = patients.get(p)!;
    if (patient.patient_deceased === null && record.vital_status !== null) patient.patient_deceased = record.vital_status.value === 'dead';
    patient.patient_date_of_last_contact ??= record.follow_up_date;
    patient.patient_cause_of_death ??= record.cause_of_death;
  }
  return { records: out, produced };
}

/** One cancer_stage record per TNM category and stage group; the c/p basis is the written prefix, else the mapping's. */
function stages(row: RowDraft, conditionId: string, pseudonym: string, into: CancerStageRecord[]): string[] {
  const made: string[] = [];
  for (const field of ['tnm_t', 'tnm_n', 'tnm_m', 'stage_group'] as const) {
    const v = row.values.get(field);
    if (v?.type !== 'code') continue;
    const basis = v.prefix ?? row.columnOf.get(field)?.basis ?? '';
    const stageId = `${conditionId}-S${made.length + 1}`;
    into.push({ cancer_stage_id: stageId, cancer_condition_id: conditionId, patient_id: pseudonym, code: field === 'stage_group' ? 'stage_group' : `${basis}${field.slice(-1).toUpperCase()}`, scoring_system: 'TNM', as_concept: v.coded });
    made.push(stageId);
  }
  return made;
}

function conceptOrNull(bodyPart: string | null): ReturnType<typeof conceptByKey> {
  return bodyPart === null ? null : conceptByKey('body_part', bodyPart);
}

function blankPatient(pseudonym: string, datasetId: string | null): Mutable<PatientRecord> {
  return {
    patient_id: pseudonym, dataset_id: datasetId, patient_birth_date: null, patient_birth_sex: null, patient_gender: null, patient_race: null,
    patient_ethnicity: null, patient_managing_organization: null, patient_diagnostic_category: null, patient_deceased: null,
    patient_date_of_last_contact: null, patient_cause_of_death: null, patient_age_at_diagnosis: null,
  };
}
