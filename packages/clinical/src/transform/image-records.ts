/**
 * The CDM's image_study and image_series records of the de-identified images themselves (not of a clinical
 * table): one per study and series a node releases, keyed by the pseudonymised UIDs of the files, with
 * modality, manufacturer and body part coded from the value sets (uncoded, never guessed, when unknown).
 * These are what federated counts over modalities and body parts read. Pure.
 */
import type { Coded, ImageSeriesRecord, ImageStudyRecord } from '../cdm.ts';
import { lookupValue, type ValueSetName } from '../value-sets.ts';

export interface ReleasedSeries {
  /** The patient's pseudonym. */
  readonly patient: string;
  /** De-identified Study and Series Instance UIDs. */
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly bodyPart: string | null;
}

function code(set: ValueSetName, raw: string | null): Coded | null {
  if (raw === null || raw.trim() === '') return null;
  const found = lookupValue(set, raw);
  return found.ok ? found.coded : { value: raw.trim(), display: raw.trim(), codings: [] };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function imageRecords(series: readonly ReleasedSeries[]): { image_study: ImageStudyRecord[]; image_series: ImageSeriesRecord[] } {
  const sorted = [...series].sort((a, b) => a.patient.localeCompare(b.patient) || a.studyUid.localeCompare(b.studyUid) || a.seriesUid.localeCompare(b.seriesUid));
  const studies: ImageStudyRecord[] = [];
  const out: ImageSeriesRecord[] = [];
  const studyIds = new Map<string, string>();
  const perPatient = new Map<string, number>();
  const perStudy = new Map<string, number>();
  for (const s of sorted) {
    let studyId = studyIds.get(s.studyUid);
    if (studyId === undefined) {
      const n = (perPatient.get(s.patient) ?? 0) + 1;
      perPatient.set(s.patient, n);
      studyId = `${s.patient}-IMG${pad(n)}`;
      studyIds.set(s.studyUid, studyId);
      studies.push({ study_id: studyId, patient_id: s.patient, procedure_id: null, study_uid: s.studyUid, study_date: null, imaging_timepoint: null, study_offset_unit: null });
    }
    const m = (perStudy.get(studyId) ?? 0) + 1;
    perStudy.set(studyId, m);
    out.push({
      series_id: `${studyId}-S${pad(m)}`, patient_id: s.patient, series_uid: s.seriesUid, study_uid: s.studyUid, series_number: null,
      series_description: null, series_manufacturer: code('manufacturer', s.manufacturer), series_body_site: code('body_part', s.bodyPart),
      series_body_side_laterality: null, series_acquisition_date: null, series_modality: code('modality', s.modality),
    });
  }
  return { image_study: studies, image_series: out };
}
