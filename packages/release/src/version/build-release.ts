/**
 * The heart of `dataset create`: from the selected studies to a written, measured and attacked version in a
 * temporary folder. The least generalisation meeting the policy is searched on the integrated data (one record
 * per patient); the files and tables are written with it; what was written is read back, every attribute
 * checked against its declaration, measured, and attacked with the hospital's own identified records as
 * background; the decision rests on those figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageRecords } from '@oncoatlas/clinical';
import { privateDir, writePrivateFile } from '@oncoatlas/core';
import { cdmRows, releasedSeriesOf } from '@oncoatlas/pipeline';
import type { PatientRecord, RiskReport } from '@oncoatlas/risk';
import { runAttacks, type AttackOutcome, type Background } from '../attack/attacker-models.ts';
import type { IdentifiedSource } from '../attack/identified-source.ts';
import { versionFacts, type VersionFacts } from '../catalogue/version-facts.ts';
import { ClinicalReleaseWriter, unitAt, type PatientRelease } from '../files/clinical-release.ts';
import { anchoredDate, dayNumber, releaseMethod } from '../files/release-dates.ts';
import { writeReleasedImages, type StudyToWrite, type WrittenImages } from '../files/write-images.ts';
import { groupCdm, type IntegratedStudy } from '../inputs/integrated-inputs.ts';
import { checkDeclarations, looksLikeDate, refuseUndeclared, type ClinicalColumn, type DeclaredGroup } from '../measure/declarations.ts';
import type { CdmData } from '../patients/patient-view.ts';
import { baselineDay, dayView, diagnosisDay, releasedView } from '../patients/views.ts';
import type { ReleaseProfile } from '../profile/release-profile.ts';
import { assessReleased, planRelease, type ReleaseDecision, type ReleasePlan, type ReleasePolicy } from '../risk/release-assessment.ts';

export interface BuildInput {
  readonly tmp: string;
  readonly dataDir: string;
  readonly studies: readonly IntegratedStudy[];
  readonly cdm: ReadonlyMap<string, ReadonlyMap<string, readonly CdmData[]>>;
  readonly identified: IdentifiedSource;
  readonly policy: ReleasePolicy;
  readonly profile: ReleaseProfile;
  /** Threads that write the images (default: up to 4, as many as the machine has). */
  readonly jobs?: number;
  readonly tick?: (files: number) => void;
}

export interface BuiltRelease {
  readonly plan: ReleasePlan;
  /** The studies the version holds, by patient. */
  readonly members: readonly IntegratedStudy[];
  readonly patients: number;
  readonly images: WrittenImages;
  readonly records: Readonly<Record<string, number>>;
  readonly after: RiskReport;
  readonly attacks: readonly AttackOutcome[];
  readonly declarations: readonly DeclaredGroup[];
  readonly decision: ReleaseDecision;
  readonly facts: VersionFacts;
  readonly studiesLeftOut: number;
}

const EMPTY = new Map<string, readonly CdmData[]>();
const SHA256_HEX = /^[0-9a-f]{64}$/i;

function byPatient(studies: readonly IntegratedStudy[]): Map<string, IntegratedStudy[]> {
  const out = new Map<string, IntegratedStudy[]>();
  for (const s of studies) {
    let list = out.get(s.patient);
    if (!list) out.set(s.patient, (list = []));
    list.push(s);
  }
  return out;
}

/** What each kept study's files become, from the plan's levels and the patient's baseline. */
function studyPlans(plan: ReleasePlan, kept: Map<string, IntegratedStudy[]>, cdm: BuildInput['cdm']): { studies: StudyToWrite[]; patients: Map<string, PatientRelease> } {
  const qi = (name: string) => plan.qis.find((q) => q.name === name)!;
  const level = (name: string): number => plan.levels[name] ?? 0;
  const unit = unitAt(qi('study_offset'), level('study_offset'));
  const hourKept = level('study_time') === 0;
  const method = releaseMethod(unit, hourKept);
  const studies: StudyToWrite[] = [];
  const patients = new Map<string, PatientRelease>();
  for (const [patient, list] of kept) {
    const baseline = baselineDay(cdm.get(patient) ?? EMPTY, list.map((s) => s.header));
    const institutions = new Set(list.flatMap((s) => s.header.institutions));
    // The clinical table says what the images say of the institution: a hashed site id, or nothing.
    const institution = institutions.size === 1 && SHA256_HEX.test([...institutions][0]!) ? [...institutions][0]! : null;
    patients.set(patient, { baselineDay: baseline, institution });
    for (const s of list) {
      const day = dayNumber(s.header.date);
      const label = day === null || baseline === null ? '*' : qi('study_offset').hierarchy.generalise(day - baseline, level('study_offset'));
      const hour = qi('study_time').hierarchy.generalise(s.header.time, level('study_time'));
      studies.push({
        folder: s.folder, files: s.files.map((f) => ({ path: f.output_path!, sha256: f.output_sha256 })),
        plan: {
          date: label === '*' ? null : anchoredDate(label), hour: hour === '*' ? null : hour,
          manufacturer: level('manufacturer') === 0, model: level('model') === 0, bodyPart: level('body_part') === 0, sex: level('sex') === 0, method,
        },
      });
    }
  }
  return { studies, patients };
}

/** Writes `clinical/<table>.jsonl` for the kept patients; returns the writer (with what it found undeclared). */
function writeClinical(dir: string, plan: ReleasePlan, kept: Map<string, IntegratedStudy[]>, cdm: BuildInput['cdm'], patients: Map<string, PatientRelease>): ClinicalReleaseWriter {
  const writer = new ClinicalReleaseWriter({ qis: new Map(plan.qis.map((q) => [q.name, q])), levels: plan.levels });
  // Image records are made again from the version's own files: what a review decided since populate counts.
  const images = imageRecords(releasedSeriesOf([...kept.values()].flat().flatMap((s) => s.files)));
  const rows = [
    ...[...kept.keys()].flatMap((p) => [...(cdm.get(p) ?? EMPTY)].filter(([t]) => t !== 'image_study' && t !== 'image_series').flatMap(([table, list]) => list.map((data) => ({ table, patient: p, data })))),
    ...cdmRows(images).map((r) => ({ table: r.entity, patient: r.patientId, data: r.data as CdmData })),
  ];
  const lines = new Map<string, string[]>();
  for (const r of rows) {
    const out = writer.write(r.table, r.data, patients.get(r.patient)!);
    if (out === null) continue;
    let list = lines.get(r.table);
    if (!list) lines.set(r.table, (list = []));
    list.push(JSON.stringify(out));
  }
  if (lines.size > 0) privateDir(join(dir, 'clinical'));
  for (const [table, list] of [...lines].sort(([a], [b]) => (a < b ? -1 : 1))) writePrivateFile(join(dir, 'clinical', `${table}.jsonl`), `${list.join('\n')}\n`);
  return writer;
}

/** Reads the written extract back: records by patient (subtype tables through their treatment) and every column seen. */
function readClinical(dir: string): { cdm: Map<string, Map<string, CdmData[]>>; columns: ClinicalColumn[]; records: Record<string, number> } {
  const folder = join(dir, 'clinical');
  let names: string[] = [];
  try { names = readdirSync(folder).filter((f) => f.endsWith('.jsonl')).sort(); } catch { /* no clinical data */ }
  const rows: { entity: string; patient_id: string; data: string }[] = [];
  const columns = new Map<string, ClinicalColumn>();
  const records: Record<string, number> = {};
  const treatmentPatient = new Map<string, string>();
  const tables = names.map((f) => ({ table: f.slice(0, -'.jsonl'.length), lines: readFileSync(join(folder, f), 'utf8').split('\n').filter(Boolean) }));
  for (const { lines } of tables) for (const l of lines) { const r = JSON.parse(l) as CdmData; if (r.treatment_id && r.patient_id) treatmentPatient.set(String(r.treatment_id), String(r.patient_id)); }
  for (const { table, lines } of tables) {
    records[table] = lines.length;
    for (const line of lines) {
      const r = JSON.parse(line) as CdmData;
      for (const [column, v] of Object.entries(r)) {
        const id = `${table}.${column}`;
        const seen = columns.get(id);
        const dateLike = looksLikeDate(v);
        if (!seen || (dateLike && !seen.dateLike)) columns.set(id, { table, column, dateLike: dateLike || (seen?.dateLike ?? false) });
      }
      rows.push({ entity: table, patient_id: String(r.patient_id ?? treatmentPatient.get(String(r.treatment_id)) ?? ''), data: line });
    }
  }
  return { cdm: groupCdm(rows), columns: [...columns.values()], records };
}

function background(patient: string, studies: readonly IntegratedStudy[], identified: IdentifiedSource): Background | undefined {
  const real = studies.map((s) => identified.studies.get(s.key)).filter((s) => s !== undefined);
  const hospitalId = real.find((s) => s.patientId)?.patientId;
  if (real.length === 0) return undefined;
  const clinical = (hospitalId ? identified.clinical.get(hospitalId) : undefined) ?? EMPTY;
  const headers = real.map((s) => s.header);
  const birth = String(clinical.get('patient')?.[0]?.patient_birth_date ?? '');
  const death = (clinical.get('follow_up') ?? []).map((f) => dayNumber(f.death_date)).find((d) => d !== null) ?? null;
  return {
    view: dayView(patient, clinical, headers), studies: headers, diagnosisDay: diagnosisDay(clinical), deathDay: death,
    birthYear: /^\d{4}/.test(birth) ? Number(birth.slice(0, 4)) : null,
  };
}

export async function buildRelease(o: BuildInput): Promise<BuiltRelease> {
  const selected = byPatient(o.studies);
  const patientIds = [...selected.keys()].sort();
  const views = patientIds.map((p) => dayView(p, o.cdm.get(p) ?? EMPTY, selected.get(p)!.map((s) => s.header)));
  const plan = planRelease(views, { policy: o.policy, datePolicy: o.profile.datePolicy, weights: o.profile.weights });
  const kept = new Map<string, IntegratedStudy[]>();
  let studiesLeftOut = 0;
  for (const p of patientIds) {
    if (plan.suppressedPatients.has(p)) continue;
    const out = new Set(plan.leftOut.get(p) ?? []);
    studiesLeftOut += out.size;
    kept.set(p, selected.get(p)!.filter((_, i) => !out.has(i)));
  }
  const { studies, patients } = studyPlans(plan, kept, o.cdm);
  const images = await writeReleasedImages({ fromRoot: join(o.dataDir, 'deidentified'), toRoot: join(o.tmp, 'files'), studies, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.tick ? { tick: o.tick } : {}) });
  const writer = writeClinical(o.tmp, plan, kept, o.cdm, patients);

  // From here on, only what was written is read.
  const clinical = readClinical(o.tmp);
  const check = checkDeclarations(images.inventory.seen.values(), clinical.columns, o.profile.nonIdentifying);
  const several = images.studies.filter((s) => s.dates.length > 1 || s.times.length > 1).length;
  refuseUndeclared([
    ...[...writer.undeclared].map((c) => `clinical column ${c} is not a column the release knows (a new CDM field?): declare it, or a date among them needs a date policy`),
    ...check.problems,
    ...(several > 0 ? [`${several} released studies carry more than one date or time in their files, which the assessment never saw`] : []),
  ]);
  const written = new Map<string, (typeof images.studies)[number][]>();
  for (const s of images.studies) {
    const p = s.folder.split('/')[0]!;
    let list = written.get(p);
    if (!list) written.set(p, (list = []));
    list.push(s);
  }
  const members = [...kept.keys()];
  const released: PatientRecord[] = members.map((p) => releasedView(p, clinical.cdm.get(p) ?? EMPTY, written.get(p) ?? []));
  const attacks = runAttacks(released, members.map((p) => background(p, kept.get(p)!, o.identified)), { qis: plan.qis, levels: plan.levels, cutoffDay: o.identified.cutoffDay });
  const { after, decision } = assessReleased(released, plan, o.policy, attacks);
  const facts = versionFacts(members.map((p) => ({ cdm: o.cdm.get(p) ?? EMPTY, studies: kept.get(p)!.map((s) => s.header) })), o.policy.minK);
  return {
    plan, members: [...kept.values()].flat(), patients: members.length, images, records: clinical.records, after, attacks,
    declarations: check.groups, decision, facts, studiesLeftOut,
  };
}
