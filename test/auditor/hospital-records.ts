/**
 * An outside auditor's reading of the synthetic hospital: its identified clinical tables (as the hospital
 * exports them) and its PACS files, read with dicom-parser. Written for the attack test without any of the
 * release's code: what the auditor knows of each patient comes from the hospital's own files, never from a
 * table OncoAtlas made.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { readClinicalFile } from '@oncoatlas/sources';

export interface HospitalScan {
  readonly day: number;
  readonly time: string;
  readonly modality: string;
  readonly manufacturer: string;
}

export interface HospitalPatient {
  nhc: string;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  diagnosisDay: number | null;
  icd10: string | null;
  topography: string | null;
  morphology: string | null;
  stage: string | null;
  treatmentDays: number[];
  alive: boolean | null;
  lastContactDay: number | null;
  deathDay: number | null;
  /** One per study folder of the PACS export: its first file. */
  scans: HospitalScan[];
  /** Every time of day in any of the patient's files (TM at the top level). */
  times: Set<string>;
}

/** Day number of dd/mm/yyyy, yyyy-mm-dd or dd-mm-yy (pivot 30, as the hospital's mapping says). */
export function day(raw: string | undefined): number | null {
  const v = (raw ?? '').trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / 86_400_000;
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(v);
  if (!m) return null;
  const y = m[3]!.length === 4 ? +m[3]! : +m[3]! < 30 ? 2000 + +m[3]! : 1900 + +m[3]!;
  return Date.UTC(y, +m[2]! - 1, +m[1]!) / 86_400_000;
}

const yearOf = (d: number | null): number | null => (d === null ? null : new Date(d * 86_400_000).getUTCFullYear());
const SEX: Record<string, 'male' | 'female'> = { HOMBRE: 'male', H: 'male', HOME: 'male', MALE: 'male', MUJER: 'female', DONA: 'female', D: 'female', FEMALE: 'female' };
const TIMES = ['x00080030', 'x00080031', 'x00080032', 'x00080033'];

function tableOf(tables: Awaited<ReturnType<typeof readClinicalFile>>, name: string): readonly Record<string, string>[] {
  return tables.find((t) => t.name.includes(name))!.rows;
}

function header(path: string): dicomParser.DataSet {
  return dicomParser.parseDicom(new Uint8Array(readFileSync(path)), { untilTag: 'x7fe00010' });
}

export async function readHospital(hospital: string): Promise<{ patients: Map<string, HospitalPatient>; cutoffDay: number }> {
  const clinical = join(hospital, 'clinical');
  const patients = (await readClinicalFile(join(clinical, 'patients.csv')))[0]!.rows;
  const workbook = await readClinicalFile(join(clinical, 'diagnosticos.xlsx'));
  const outcomes = (await readClinicalFile(join(clinical, 'outcomes.csv')))[0]!.rows;
  const out = new Map<string, HospitalPatient>();
  const get = (nhc: string): HospitalPatient => {
    let p = out.get(nhc);
    if (!p) {
      p = { nhc, sex: null, birthYear: null, diagnosisDay: null, icd10: null, topography: null, morphology: null, stage: null, treatmentDays: [], alive: null, lastContactDay: null, deathDay: null, scans: [], times: new Set() };
      out.set(nhc, p);
    }
    return p;
  };
  for (const r of patients) {
    const p = get(r.NHC!.trim());
    p.sex = SEX[(r.Sexo ?? '').trim().toUpperCase()] ?? p.sex;
    p.birthYear = yearOf(day(r.Fecha_nacimiento)) ?? p.birthYear;
  }
  for (const r of tableOf(workbook, 'Diagn')) {
    const p = get(r.NHC!.trim());
    const d = day(r['Fecha diagnóstico']);
    if (d !== null && (p.diagnosisDay === null || d < p.diagnosisDay)) {
      p.diagnosisDay = d;
      p.icd10 = r.CIE10!.trim().toUpperCase() || null;
      p.topography = r['Topografía CIE-O-3']!.trim() || null;
      p.morphology = r['Morfología CIE-O-3']!.trim() || null;
      p.stage = r.Estadio!.trim() || null;
    }
  }
  for (const r of tableOf(workbook, 'Tratam')) {
    const d = day(r['Fecha inicio']);
    if (d !== null) get(r.NHC!.trim()).treatmentDays.push(d);
  }
  let cutoffDay = 0;
  for (const r of outcomes) {
    const p = get(r.patient_id!.trim());
    const last = day(r.last_followup);
    if (last !== null) cutoffDay = Math.max(cutoffDay, last);
    p.lastContactDay = last;
    p.deathDay = day(r.death_date);
    const status = (r.vital_status ?? '').trim().toLowerCase();
    p.alive = ['vivo', 'viu', 'alive'].includes(status) ? true : ['exitus', 'deceased', 'dead', 'fallecido'].includes(status) ? false : null;
  }
  // The PACS export: pacs/YYYY/MM/PATIENT/STUDY/SERIES/FILE; the patient is read from the file, not the folder.
  const pacs = join(hospital, 'pacs');
  const studies = new Map<string, string[]>();
  for (const e of readdirSync(pacs, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const folder = e.parentPath.split('/').slice(0, -1).join('/');
    let list = studies.get(folder);
    if (!list) studies.set(folder, (list = []));
    list.push(join(e.parentPath, e.name));
  }
  for (const files of studies.values()) {
    let first: HospitalScan | undefined;
    let owner: HospitalPatient | undefined;
    for (const f of files.sort()) {
      let ds: dicomParser.DataSet;
      try { ds = header(f); } catch { continue; }
      const id = ds.string('x00100020')?.trim();
      if (!id) continue;
      owner = get(id);
      for (const t of TIMES) { const v = ds.string(t)?.trim(); if (v) owner.times.add(v); }
      const d = day(ds.string('x00080020'));
      if (!first && d !== null) first = { day: d, time: ds.string('x00080030')?.trim() ?? '', modality: ds.string('x00080060')?.trim() ?? '', manufacturer: ds.string('x00080070')?.trim() ?? '' };
    }
    if (owner && first) owner.scans.push(first);
  }
  return { patients: out, cutoffDay };
}
