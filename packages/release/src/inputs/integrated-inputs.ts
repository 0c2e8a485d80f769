/**
 * What a node has integrated, as a release reads it: the de-identified files of every released study (from
 * the ledger), one header per series of them (dates, times, equipment: study-view facts), and the CDM extract
 * grouped by patient. Read once per `dataset create`.
 */
import { join } from 'node:path';
import { fileDigest } from '@oncoatlas/dicom';
import type { StudyLedger } from '@oncoatlas/store';
import { headerFacts, studyHeader, type HeaderFacts } from '../files/header-facts.ts';
import { changedFilesError } from '../files/write-images.ts';
import type { CdmData, StudyHeader } from '../patients/patient-view.ts';

export interface IntegratedFile {
  readonly study_key: string | null;
  readonly output_path: string | null;
  readonly output_sha256: string | null;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly body_part: string | null;
}

export interface IntegratedStudy {
  /** The ledger's key of the study (keyed hash of the hospital's Study Instance UID). */
  readonly key: string;
  readonly patient: string;
  /** `PSEUDONYM/STUDY_UID`, the study's folder under the de-identified output. */
  readonly folder: string;
  readonly header: StudyHeader;
  /** Its released files, one per output path. */
  readonly files: readonly IntegratedFile[];
}

export interface IntegratedData {
  readonly studies: readonly IntegratedStudy[];
  /** CDM records by patient pseudonym and table. */
  readonly cdm: ReadonlyMap<string, ReadonlyMap<string, readonly CdmData[]>>;
}

/** `PSEUDONYM/STUDY/SERIES/SOP.dcm` -> its parts. */
export function outputParts(path: string): { patient: string; study: string; series: string } | undefined {
  const parts = path.split('/');
  return parts.length === 4 ? { patient: parts[0]!, study: parts[1]!, series: parts[2]! } : undefined;
}

export function groupCdm(rows: readonly { entity: string; patient_id: string; data: string }[]): Map<string, Map<string, CdmData[]>> {
  const out = new Map<string, Map<string, CdmData[]>>();
  for (const r of rows) {
    let byTable = out.get(r.patient_id);
    if (!byTable) out.set(r.patient_id, (byTable = new Map()));
    let list = byTable.get(r.entity);
    if (!list) byTable.set(r.entity, (list = []));
    list.push(JSON.parse(r.data) as CdmData);
  }
  return out;
}

export async function readIntegrated(ledger: StudyLedger, dataDir: string): Promise<IntegratedData> {
  const files = await ledger.releasedInstances();
  const byStudy = new Map<string, { key: string; patient: string; series: Map<string, string>; files: Map<string, IntegratedFile> }>();
  for (const f of files) {
    const parts = f.output_path ? outputParts(f.output_path) : undefined;
    if (!parts || !f.study_key) continue;
    const folder = `${parts.patient}/${parts.study}`;
    let s = byStudy.get(folder);
    if (!s) byStudy.set(folder, (s = { key: f.study_key, patient: parts.patient, series: new Map(), files: new Map() }));
    if (!s.series.has(parts.series)) s.series.set(parts.series, f.output_path!);
    // Duplicate source files of one instance de-identify to the same output: it is released once.
    if (!s.files.has(f.output_path!)) s.files.set(f.output_path!, f);
  }
  const outRoot = join(dataDir, 'deidentified');
  let changed = 0;
  const studies: IntegratedStudy[] = [...byStudy].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([folder, s]) => {
    const headers: HeaderFacts[] = [];
    for (const p of s.series.values()) {
      // The series' header is read from bytes that passed verification only, as every file the version writes
      // is (files/write-images.ts): a file changed since would otherwise fail here as a DICOM error.
      const verified = s.files.get(p)?.output_sha256;
      if (verified && fileDigest(join(outRoot, p)) !== verified) { changed++; continue; }
      headers.push(headerFacts(join(outRoot, p)));
    }
    return { key: s.key, patient: s.patient, folder, header: studyHeader(folder.split('/')[1]!, headers), files: [...s.files.values()] };
  });
  if (changed > 0) throw changedFilesError(changed);
  return { studies, cdm: groupCdm(await ledger.cdm.records()) };
}
