/**
 * An outside auditor's reading of a released dataset version: its clinical tables (JSON Lines) and its DICOM
 * files (dicom-parser), as a researcher receives them, with nothing of OncoAtlas's code. Offsets are read as
 * the release documents them (docs/release.md): `<field>_offset_<unit>` columns in the tables, and in the
 * files a date counted from 2000-01-01 in the unit De-identification Method (0012,0063) states.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';

export type Unit = 'days' | 'weeks' | 'months' | 'years';
const UNIT_DAYS: Record<Unit, number> = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };
const ANCHOR = Date.UTC(2000, 0, 1) / 86_400_000;

/** The days an offset bin stands for, as the release documents them. */
export interface Bin { readonly lo: number; readonly hi: number }

export function bin(value: number, unit: Unit): Bin {
  const u = UNIT_DAYS[unit];
  return { lo: Math.ceil(value * u), hi: Math.ceil((value + 1) * u) - 1 };
}

export const within = (days: number, b: Bin): boolean => days >= b.lo && days <= b.hi;

export interface ReleasedStudy {
  modalities: Set<string>;
  manufacturers: Set<string>;
  /** The study's offset from the baseline, from its Study Date; null when dates are withdrawn. */
  offset: Bin | null;
  /** The hour, or null when times are withdrawn. */
  hour: string | null;
  /** Every time of day in any of the study's files (top level). */
  times: Set<string>;
}

export interface ReleasedPatient {
  pseudonym: string;
  sex: string | null;
  age: number | string | null;
  alive: boolean | null;
  conditions: string[];
  lastContact: Bin | null;
  deaths: Bin[];
  treatments: Bin[];
  studies: ReleasedStudy[];
  /** Every column that holds a calendar date (there must be none). */
  calendarDates: number;
}

const DERIVED = new Set(['SR', 'SEG', 'KO', 'PR', 'DOC', 'OT']);

function jsonl(dir: string, table: string): Record<string, unknown>[] {
  try {
    return readFileSync(join(dir, 'clinical', `${table}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** The bin of `<prefix>_offset_<unit>`, when the record has one. */
function offsetOf(r: Record<string, unknown>, prefix: string): Bin | null {
  for (const unit of Object.keys(UNIT_DAYS) as Unit[]) {
    const v = r[`${prefix}_offset_${unit}`];
    if (typeof v === 'number') return bin(v, unit);
  }
  return null;
}

const code = (v: unknown): string | null => (v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : null);

export function readRelease(dir: string): Map<string, ReleasedPatient> {
  const out = new Map<string, ReleasedPatient>();
  const get = (id: string): ReleasedPatient => {
    let p = out.get(id);
    if (!p) out.set(id, (p = { pseudonym: id, sex: null, age: null, alive: null, conditions: [], lastContact: null, deaths: [], treatments: [], studies: [], calendarDates: 0 }));
    return p;
  };
  for (const table of readdirSync(join(dir, 'clinical')).map((f) => f.replace('.jsonl', ''))) {
    for (const r of jsonl(dir, table)) {
      if (typeof r.patient_id !== 'string') continue;
      const calendar = Object.values(r).filter((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)).length;
      if (calendar > 0) get(r.patient_id).calendarDates += calendar;
    }
  }
  for (const r of jsonl(dir, 'patient')) {
    const p = get(String(r.patient_id));
    p.sex = code(r.patient_birth_sex);
    p.age = (r.patient_age_at_diagnosis as number | string | null) ?? null;
    p.alive = typeof r.patient_deceased === 'boolean' ? !r.patient_deceased : null;
    p.lastContact = offsetOf(r, 'patient_last_contact');
  }
  for (const r of jsonl(dir, 'cancer_condition')) {
    const c = code(r.cancer_condition_code);
    if (c) get(String(r.patient_id)).conditions.push(c);
  }
  for (const r of jsonl(dir, 'follow_up')) {
    const p = get(String(r.patient_id));
    const death = offsetOf(r, 'death');
    if (death) p.deaths.push(death);
    const status = code(r.vital_status);
    if (status) p.alive = status === 'alive';
  }
  for (const r of jsonl(dir, 'treatment')) {
    const b = offsetOf(r, 'treatment_start');
    if (b) get(String(r.patient_id)).treatments.push(b);
  }
  const files = join(dir, 'files');
  for (const patient of readdirSync(files)) {
    for (const study of readdirSync(join(files, patient))) {
      const s: ReleasedStudy = { modalities: new Set(), manufacturers: new Set(), offset: null, hour: null, times: new Set() };
      for (const series of readdirSync(join(files, patient, study))) {
        for (const f of readdirSync(join(files, patient, study, series))) {
          const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(files, patient, study, series, f))), { untilTag: 'x7fe00010' });
          for (const t of ['x00080030', 'x00080031', 'x00080032', 'x00080033']) { const v = ds.string(t)?.trim(); if (v) s.times.add(v); }
          const modality = ds.string('x00080060')?.trim() ?? '';
          if (!DERIVED.has(modality)) s.modalities.add(modality);
          const manufacturer = ds.string('x00080070')?.trim();
          if (manufacturer && manufacturer !== 'ANONYMIZED') s.manufacturers.add(manufacturer);
          const unit = /dates (days|weeks|months|years) since 20000101/.exec(ds.string('x00120063') ?? '')?.[1] as Unit | undefined;
          const date = ds.string('x00080020')?.trim();
          if (unit && date && /^\d{8}$/.test(date)) {
            const days = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / 86_400_000 - ANCHOR;
            s.offset = bin(Math.floor(days / UNIT_DAYS[unit]), unit);
          }
          const hour = ds.string('x00080030')?.trim();
          if (hour) s.hour = hour.slice(0, 2);
        }
      }
      get(patient).studies.push(s);
    }
  }
  return out;
}
