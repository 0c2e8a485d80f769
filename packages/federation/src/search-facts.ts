/**
 * What the search index holds for one dataset: its released (patient, study) pairs, and the canonical searchable
 * values of those patients and studies read from the node's ungeneralised CDM. Pure: the caller reads the
 * released files and the CDM.
 */
import type { SearchFactInput, SearchStudyInput } from '@oncoatlas/store';
import { canonicalValue, searchKey, type SearchKeyId } from './search-keys.ts';

/** A CDM record as the store keeps it, with its JSON already parsed. */
export interface CdmRecord {
  readonly entity: string;
  readonly patient_id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ReleasedStudy {
  readonly patientId: string;
  readonly studyUid: string;
}

export interface SearchRows {
  readonly studies: SearchStudyInput[];
  readonly facts: SearchFactInput[];
}

function codedValue(x: unknown): string | undefined {
  if (typeof x === 'object' && x !== null && typeof (x as { value?: unknown }).value === 'string') return (x as { value: string }).value;
  return undefined;
}

function yearOf(x: unknown): number | undefined {
  const m = typeof x === 'string' ? /^(\d{4})/.exec(x) : null;
  return m ? Number(m[1]) : undefined;
}

/** `IIIA` also counts as `III`, `T1a` as `T1`: a query for the group finds its subgroups. */
function stageValues(raw: string): string[] {
  const group = /^(0|IV|I{1,3})[ABC]\d?$/.exec(raw);
  if (group) return [raw, group[1]!];
  const tnm = /^([TNM][0-4])[a-d]\d?$/.exec(raw);
  return tnm ? [raw, tnm[1]!] : [raw];
}

class FactSet {
  readonly facts: SearchFactInput[] = [];
  readonly #seen = new Set<string>();

  text(patientId: string, studyUid: string | null, key: SearchKeyId, raw: string | undefined): void {
    if (raw === undefined || raw === '') return;
    // Stored canonical when the registry knows the value, as written otherwise (CONTAINS still finds it).
    const value = canonicalValue(searchKey(key)!, raw) ?? raw;
    this.#add({ patient_id: patientId, study_uid: studyUid, key, text_value: value, num_value: null });
  }

  number(patientId: string, studyUid: string | null, key: SearchKeyId, value: unknown): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    this.#add({ patient_id: patientId, study_uid: studyUid, key, text_value: null, num_value: value });
  }

  #add(f: SearchFactInput): void {
    const id = JSON.stringify([f.patient_id, f.study_uid, f.key, f.text_value, f.num_value]);
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    this.facts.push(f);
  }
}

function patientFacts(out: FactSet, patientId: string, records: readonly CdmRecord[]): void {
  let deceased: boolean | undefined;
  for (const { entity, data } of records) {
    if (entity === 'patient') {
      out.text(patientId, null, 'sex', codedValue(data.patient_birth_sex) ?? codedValue(data.patient_gender));
      out.number(patientId, null, 'age_at_diagnosis', data.patient_age_at_diagnosis);
      if (typeof data.patient_deceased === 'boolean') deceased = (deceased ?? false) || data.patient_deceased;
    } else if (entity === 'cancer_condition') {
      const icd10 = codedValue(data.cancer_condition_code);
      if (icd10 && /^C\d\d/i.test(icd10)) out.text(patientId, null, 'condition', icd10.slice(0, 3).toUpperCase());
      out.number(patientId, null, 'diagnosis_year', yearOf(data.cancer_condition_asserted_date));
    } else if (entity === 'cancer_stage') {
      const stage = codedValue(data.as_concept);
      for (const v of stage ? stageValues(stage) : []) out.text(patientId, null, 'stage', v);
    } else if (entity === 'treatment') {
      out.text(patientId, null, 'treatment', codedValue(data.treatment_type));
    } else if (entity === 'follow_up') {
      const status = codedValue(data.vital_status);
      if (status === 'dead') deceased = true;
      else if (status === 'alive') deceased ??= false;
    }
  }
  // One vital status per patient: any record of death wins over earlier follow-ups that found them alive.
  if (deceased !== undefined) out.text(patientId, null, 'vital_status', deceased ? 'deceased' : 'alive');
}

function studyFacts(out: FactSet, study: ReleasedStudy, records: readonly CdmRecord[]): void {
  for (const { entity, data } of records) {
    if (entity === 'image_series') {
      out.text(study.patientId, study.studyUid, 'modality', codedValue(data.series_modality));
      out.text(study.patientId, study.studyUid, 'body_part', codedValue(data.series_body_site));
      out.text(study.patientId, study.studyUid, 'manufacturer', codedValue(data.series_manufacturer));
      out.number(study.patientId, study.studyUid, 'study_year', yearOf(data.series_acquisition_date));
    } else if (entity === 'image_study') {
      out.number(study.patientId, study.studyUid, 'study_year', yearOf(data.study_date));
    }
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The index rows of one dataset: every released pair, the facts of its patients (patient-level, `study_uid`
 * null) and of its studies (from the CDM image_study/image_series records of that study UID).
 * @example searchFacts(await cdmRecords(), [{ patientId: 'OA-…', studyUid: '2.25.…' }])
 */
export function searchFacts(records: readonly CdmRecord[], released: readonly ReleasedStudy[]): SearchRows {
  const byPatient = new Map<string, CdmRecord[]>();
  const byStudy = new Map<string, CdmRecord[]>();
  for (const r of records) {
    push(byPatient, r.patient_id, r);
    const uid = r.data.study_uid;
    if ((r.entity === 'image_series' || r.entity === 'image_study') && typeof uid === 'string') push(byStudy, uid, r);
  }
  const out = new FactSet();
  const studies: SearchStudyInput[] = [];
  const seenStudies = new Set<string>();
  const seenPatients = new Set<string>();
  for (const s of released) {
    if (seenStudies.has(s.studyUid)) continue;
    seenStudies.add(s.studyUid);
    studies.push({ patient_id: s.patientId, study_uid: s.studyUid });
    if (!seenPatients.has(s.patientId)) {
      seenPatients.add(s.patientId);
      patientFacts(out, s.patientId, byPatient.get(s.patientId) ?? []);
    }
    studyFacts(out, s, (byStudy.get(s.studyUid) ?? []).filter((r) => r.patient_id === s.patientId));
  }
  return { studies, facts: out.facts };
}
