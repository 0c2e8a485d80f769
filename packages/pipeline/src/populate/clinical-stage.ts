/**
 * The clinical stage of `populate`: the hospital's clinical export, mapped to the EUCAIM common data model
 * with the pseudonyms and date policy of the images, quality-checked, and stored as the node's CDM extract
 * (replaced whole, with its audit event, in one transaction). A study whose patient's clinical records QC
 * excluded cannot be released with the clinical data the cohort requires, so it is rejected here with the
 * reason `clinical_qc_failed`, and comes back if a later run's export passes. A re-run with the same export
 * and outcomes writes nothing.
 */
import { appendAuditEvents, setHash, type NewAuditEvent, type StudyTransition } from '@oncoatlas/audit';
import type { CdmRecords, CdmResult, QcReport, ReleasedSeries } from '@oncoatlas/clinical';
import { clinicalKeys, type DeidSettings } from '@oncoatlas/deid';
import type { CdmRecordInput, StudyLedger } from '@oncoatlas/store';
import type { CohortConfig } from '../select/cohort-config.ts';
import type { StudySummaries } from '../select/study-summaries.ts';
import type { TransformedExport } from './clinical-export.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';

export const CLINICAL_REPORT = 'clinical-qc';

/** What the clinical stage stores as its report: the QC report and where every excluded row and patient went. */
export interface ClinicalStageReport {
  readonly contentHash: string;
  readonly qc: QcReport;
  readonly records: Readonly<Record<string, number>>;
  /** Excluded source rows by the checks that excluded them (joined with '+' when several). */
  readonly excludedRows: Readonly<Record<string, number>>;
  readonly excludedPatients: Readonly<Record<string, number>>;
  /** Studies rejected by this stage. */
  readonly rejectedStudies: number;
}

/** The key of each CDM table's records; the subtype tables of treatment share the treatment's id. */
const RECORD_ID: Readonly<Record<keyof CdmRecords, string>> = {
  patient: 'patient_id', episode: 'episode_id', cancer_condition: 'cancer_condition_id', cancer_stage: 'cancer_stage_id',
  histologic_grade: 'histologic_grade_id', tumor: 'tumor_id', procedure: 'procedure_id', treatment: 'treatment_id',
  radiotherapy: 'treatment_id', surgical_procedure: 'treatment_id', medication_administration: 'treatment_id',
  follow_up: 'follow_up_id', image_study: 'study_id', image_series: 'series_id',
};

/** Every CDM record as a store row; records of subtype tables take their patient from the treatment. */
export function cdmRows(records: Partial<CdmRecords>): CdmRecordInput[] {
  const treatmentPatient = new Map((records.treatment ?? []).map((t) => [t.treatment_id, t.patient_id]));
  const rows: CdmRecordInput[] = [];
  for (const [entity, list] of Object.entries(records) as unknown as [keyof CdmRecords, readonly Record<string, unknown>[]][]) {
    for (const r of list) {
      const recordId = String(r[RECORD_ID[entity]]);
      const patientId = typeof r.patient_id === 'string' ? r.patient_id : treatmentPatient.get(recordId) ?? '';
      rows.push({ entity, recordId, patientId, data: r });
    }
  }
  return rows;
}

function tally(items: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

export interface ClinicalStageOptions {
  readonly config: CohortConfig;
  readonly settings: DeidSettings;
  readonly summaries: StudySummaries;
  readonly ledger: StudyLedger;
  readonly run: number;
  readonly now: () => string;
  /** The export read and mapped on its own thread (startClinicalPreparation, begun with the same settings and patients). */
  readonly prepared: Promise<TransformedExport>;
}

/** Each study's patient ID as its images give it; studies without one are left out. */
export function studyPatients(summaries: StudySummaries): Map<string, string> {
  const studyPatient = new Map<string, string>();
  for (const key of summaries.keys()) {
    const id = summaries.get(key)?.patientId?.trim();
    if (id) studyPatient.set(key, id);
  }
  return studyPatient;
}

export async function clinicalStage(o: ClinicalStageOptions): Promise<ClinicalStageReport> {
  const studyPatient = studyPatients(o.summaries);
  const transformed = await o.prepared;
  const { imageRecords, qcReport } = await import('@oncoatlas/clinical');
  const keys = clinicalKeys(o.settings);
  // The images' own study and series records, from the released files (their paths hold the pseudonymised UIDs).
  const images = imageRecords(releasedSeriesOf(await o.ledger.releasedSeriesFirstFiles()));
  const result = { ...transformed, records: { ...transformed.records, ...images } };
  return storeResult(o, result, qcReport(result, { maxExamples: 5 }), studyPatient, keys.pseudonymOf);
}

/**
 * One entry per released series, from de-identified files' output paths (PSEUDONYM/STUDY/SERIES/SOP.dcm,
 * which hold the pseudonymised UIDs) and the facts the ledger keeps of each file; held files are not released.
 */
export function releasedSeriesOf(files: Iterable<{ readonly output_path: string | null; readonly modality: string | null; readonly manufacturer: string | null; readonly body_part: string | null }>): ReleasedSeries[] {
  const series = new Map<string, ReleasedSeries>();
  for (const f of files) {
    const parts = f.output_path?.split('/') ?? [];
    if (parts.length !== 4) continue;
    const [patient, studyUid, seriesUid] = parts as [string, string, string];
    if (!series.has(seriesUid)) series.set(seriesUid, { patient, studyUid, seriesUid, modality: f.modality, manufacturer: f.manufacturer, bodyPart: f.body_part });
  }
  return [...series.values()];
}

async function storeResult(o: ClinicalStageOptions, result: CdmResult, qc: QcReport, studyPatient: ReadonlyMap<string, string>, pseudonymOf: (id: string) => string): Promise<ClinicalStageReport> {
  const rows = cdmRows(result.records);
  // Plain JSON, not the audit's canonical form (which takes integers only): the clinical package builds every
  // record with its keys in one order, and ECMAScript prints a number the same way everywhere.
  const contentHash = setHash(rows.map((r) => JSON.stringify({ entity: r.entity, record: r.data })));
  const excluded = new Map(result.excludedPatients.map((p) => [p.patient, p.reasons]));

  return o.ledger.transaction(async (l) => {
    const at = o.now();
    const changed: StudyTransition[] = [];
    let rejectedStudies = 0;
    for (const s of await l.allStudies()) {
      const released = (s.stage === 'deidentify' || s.stage === 'verify' || s.stage === 'clinical') && s.status === 'done';
      const rejectedHere = s.stage === 'clinical' && s.status === 'rejected' && s.reason === 'clinical_qc_failed';
      if (!released && !rejectedHere) continue;
      const patient = studyPatient.get(s.study_key);
      const reasons = patient === undefined ? undefined : excluded.get(pseudonymOf(patient));
      // Consent is decided by select already; only the cohort's need for a clinical record makes QC fatal to images.
      const reject = o.config.requireClinicalRecord && reasons !== undefined && reasons.length > 0;
      if (reject) rejectedStudies++;
      if (reject && !rejectedHere) {
        await l.setStudy(s.study_key, { stage: 'clinical', status: 'rejected', reason: 'clinical_qc_failed', updated_at: at });
        changed.push({ study: s.study_key, status: 'rejected', reason: 'clinical_qc_failed' });
      } else if (!reject && rejectedHere) {
        await l.setStudy(s.study_key, { stage: 'clinical', status: 'done', reason: null, updated_at: at });
        changed.push({ study: s.study_key, status: 'done' });
      }
    }
    const report: ClinicalStageReport = {
      contentHash, qc, records: Object.fromEntries(Object.entries(result.records).map(([k, v]) => [k, (v as readonly unknown[]).length])),
      excludedRows: tally(result.outcomes.filter((r) => r.status === 'excluded').map((r) => r.reasons.join('+'))),
      excludedPatients: tally(result.excludedPatients.map((p) => p.reasons.join('+'))),
      rejectedStudies,
    };
    const before = await l.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
    if (before?.body.contentHash === contentHash && changed.length === 0) return before.body;
    await l.cdm.replaceAll(rows);
    await l.cdm.putReport(CLINICAL_REPORT, o.run, at, report);
    const events: NewAuditEvent[] = [{ at, actor: PIPELINE_ACTOR, event: { type: 'CLINICAL_HARMONISED', run: o.run, records: report.records, rows: qc.rows, contentHash } }];
    if (changed.length > 0) events.push({ at, actor: PIPELINE_ACTOR, event: { type: 'STUDIES_TRANSITIONED', run: o.run, stage: 'clinical', studies: changed } });
    await appendAuditEvents(l, events);
    return report;
  });
}
