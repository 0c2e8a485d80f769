/**
 * The hospital's own identified records, as an attacker's background knowledge: the clinical export the cohort
 * file names (mapped with the hospital's IDs and its real dates, never pseudonymised) and the hospital's DICOM
 * files of every released study (one per series: real dates, times, equipment, and the patient ID that links
 * the two). Only the node holds these, which is why the node can attack its own release before anyone else
 * does. Nothing read here is written anywhere: the attack reports counts.
 */
import { existsSync } from 'node:fs';
import { oncoError } from '@oncoatlas/core';
import { cdmRows, loadClinicalExport, type CohortConfig } from '@oncoatlas/pipeline';
import type { SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { headerFacts, studyHeader, type HeaderFacts } from '../files/header-facts.ts';
import { dayNumber } from '../files/release-dates.ts';
import { groupCdm } from '../inputs/integrated-inputs.ts';
import type { CdmData, StudyHeader } from '../patients/patient-view.ts';

export interface IdentifiedStudy {
  /** The patient ID in the hospital's files (trimmed), which the clinical export is keyed by. */
  readonly patientId: string | null;
  /** The study as the hospital's files have it: real date and time. */
  readonly header: StudyHeader;
}

export interface IdentifiedSource {
  /** Released studies by the ledger's study key. */
  readonly studies: ReadonlyMap<string, IdentifiedStudy>;
  /** The clinical export's records by hospital patient ID, dates as the hospital recorded them. */
  readonly clinical: ReadonlyMap<string, ReadonlyMap<string, readonly CdmData[]>>;
  /** The export's cut-off, as an attacker would guess it: the latest date of last contact (day number). */
  readonly cutoffDay: number | null;
}

/** Where the cohort file was, so its clinical export can be read again (the populate run records it). */
export interface CohortSource {
  readonly config: CohortConfig;
  readonly dir: string;
}

/** `paths` opens the ledger's sealed source paths: the site secret's keys (SourcePathKeys.fromSiteSecret). */
export async function readIdentifiedSource(ledger: StudyLedger, paths: SourcePathKeys | undefined, cohort: CohortSource | undefined, studyKeys: ReadonlySet<string>): Promise<IdentifiedSource> {
  const sealed = (await ledger.releasedSeriesSources()).filter((s) => studyKeys.has(s.study_key));
  if (sealed.length > 0 && !paths) {
    throw oncoError('RELEASE_SOURCE_UNAVAILABLE', 'The attack simulation reads the hospital\'s own files of the released studies, whose paths the ledger keeps sealed under the site secret: give the site secret (--secret-file) populate used.');
  }
  if (sealed.some((s) => s.source_sealed === null)) {
    throw oncoError('RELEASE_SOURCE_UNAVAILABLE', 'This ledger still holds source paths the way an older OncoAtlas kept them (readable): run oncoatlas populate once with the site secret, which seals them, then create the version.');
  }
  const bySeries = sealed.map((s) => ({ study_key: s.study_key, source_path: paths!.open({ source_key: s.source_key, source_sealed: s.source_sealed! }) }));
  const missing = bySeries.filter((s) => !existsSync(s.source_path)).length;
  if (missing > 0) {
    throw oncoError('RELEASE_SOURCE_UNAVAILABLE', `The attack simulation reads the hospital's own files of the released studies, and ${missing} of ${bySeries.length} are gone since they were populated (moved or deleted). Run the release where the source export is, or populate again from it.`, { missing });
  }
  const facts = new Map<string, HeaderFacts[]>();
  for (const s of bySeries) {
    let list = facts.get(s.study_key);
    if (!list) facts.set(s.study_key, (list = []));
    list.push(headerFacts(s.source_path));
  }
  const studies = new Map<string, IdentifiedStudy>();
  for (const [key, list] of facts) studies.set(key, { patientId: list.find((h) => h.patientId)?.patientId?.trim() ?? null, header: studyHeader(key, list) });

  let clinical = new Map<string, Map<string, CdmData[]>>();
  if (cohort?.config.clinical) {
    const { mapping, tables } = await loadClinicalExport(cohort.config.clinical, cohort.dir);
    const { transformToCdm } = await import('@oncoatlas/clinical');
    // The hospital's own view: keyed by its patient IDs, with its dates as recorded.
    const result = transformToCdm(tables, mapping, { pseudonymOf: (id) => id, datePolicy: (date) => date });
    clinical = groupCdm(cdmRows(result.records).map((r) => ({ entity: r.entity, patient_id: r.patientId, data: JSON.stringify(r.data) })));
  }
  let cutoffDay: number | null = null;
  for (const byTable of clinical.values()) {
    for (const r of [...(byTable.get('patient') ?? []), ...(byTable.get('follow_up') ?? [])]) {
      const d = dayNumber(r.patient_date_of_last_contact ?? r.follow_up_date);
      if (d !== null && (cutoffDay === null || d > cutoffDay)) cutoffDay = d;
    }
  }
  return { studies, clinical, cutoffDay };
}
