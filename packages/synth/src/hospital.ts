/**
 * `oncoatlas synth`: writes a reproducible synthetic hospital — a PACS export under `pacs/`, the clinical
 * export under `clinical/`, and `truth.json`, the end state a correct pipeline must reach for every study.
 * The same seed and size give byte-identical output (no clocks, no Math.random, fixed ZIP timestamps).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { CATALOGUE_SETTINGS_FILE, CATALOGUE_STEWARD_FILE, catalogueSettings, catalogueSteward } from './catalogue-steward.ts';
import { CLINICAL_MAPPING_FILE, SYNTHETIC_CLINICAL_MAPPING_YAML } from './clinical-mapping.ts';
import { clinicalTables, CONSENT_VALUES, SEX_VALUES, type ClinicalDefectTruth } from './clinical-tables.ts';
import { planHospital } from './cohort.ts';
import { DEFECT_RATES, FATAL_RATES, REJECTION_REASONS, type RejectionReason } from './defects.ts';
import type { PixelSize } from './image-instance.ts';
import { Random } from './random.ts';
import { studyFiles, type FileTruth, type StudyTruth } from './study-files.ts';

/** The reference hospital's candidate studies (12,484 identified, 10,892 integrated). */
export const REFERENCE_COHORT_STUDIES = 12_484;
export const SYNTH_VERSION = 1;

export interface SynthOptions {
  readonly out: string;
  readonly studies?: number;
  readonly seed?: string;
  readonly pixels?: PixelSize;
  /** Replace an earlier synthetic hospital in `out` (only one marked by its truth.json). */
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Truth {
  readonly generator: { readonly name: 'oncoatlas synth'; readonly version: number; readonly seed: string; readonly studies: number; readonly pixels: PixelSize };
  readonly rates: { readonly fatal: typeof FATAL_RATES; readonly other: typeof DEFECT_RATES };
  readonly summary: {
    readonly studies: number; readonly integrated: number; readonly rejected: number;
    readonly byReason: Record<RejectionReason, number>; readonly defects: Record<string, number>;
    readonly files: number; readonly bytes: number; readonly patients: number; readonly clinicalOnlyPatients: number;
    readonly clinicalDuplicateRows: number;
  };
  readonly studies: readonly StudyTruth[];
  readonly files: readonly FileTruth[];
  readonly patients: { readonly clinicalOnly: readonly string[] };
  /** Every defect planted in the clinical export, for clinical QC to catch. */
  readonly clinical: { readonly defects: readonly ClinicalDefectTruth[] };
}

/** Written first, so an interrupted run (kill -9) is still recognised as ours and --force may replace it. */
const MARKER = '.oncoatlas-synth';
const OURS = new Set(['pacs', 'clinical', 'truth.json', 'cohort.json', CLINICAL_MAPPING_FILE, CATALOGUE_STEWARD_FILE, CATALOGUE_SETTINGS_FILE, MARKER]);

function prepare(out: string, force: boolean): void {
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  const entries = readdirSync(out);
  if (entries.length > 0) {
    const ours = entries.includes(MARKER) && entries.every((e) => OURS.has(e));
    if (!force || !ours) {
      throw oncoError('SYNTH_OUTPUT_NOT_EMPTY', ours ? 'The folder holds an earlier (or interrupted) synthetic hospital; add --force to replace it.' : 'The output folder is not empty; choose an empty or new folder.', { entries: entries.length });
    }
    for (const e of entries) rmSync(join(out, e), { recursive: true, force: true });
  }
  writeFileSync(join(out, MARKER), 'Written by oncoatlas synth: synthetic data only, no real patient.\n');
}

/**
 * The cohort configuration a steward of this hospital would write (`oncoatlas populate --cohort`): which
 * columns of the clinical export hold the patient ID, sex, birth date and consent, and how its values read.
 */
function cohortConfig(): object {
  return {
    $comment: 'Cohort rules and clinical column mapping for the synthetic hospital (see docs/synthetic-hospital.md).',
    modalities: ['CT', 'MR', 'PT', 'MG', 'US', 'CR', 'DX'],
    requireClinicalRecord: true,
    requireConsent: true,
    checkDemographics: true,
    patients: { file: 'clinical/patients.csv', id: 'NHC', sex: 'Sexo', birthDate: 'Fecha_nacimiento', consent: 'Consentimiento' },
    clinical: { mapping: CLINICAL_MAPPING_FILE, files: ['clinical/patients.csv', 'clinical/diagnosticos.xlsx', 'clinical/outcomes.csv'] },
    values: { male: SEX_VALUES.M, female: SEX_VALUES.F, consentWithdrawn: CONSENT_VALUES.withdrawn },
    dayFirst: true,
  };
}

export function generateHospital(o: SynthOptions): Truth {
  const studies = o.studies ?? REFERENCE_COHORT_STUDIES;
  const seed = o.seed ?? '1';
  const pixels = o.pixels ?? 'small';
  if (!Number.isInteger(studies) || studies < 1 || studies > 1_000_000) throw oncoError('USAGE', '--studies takes a whole number from 1 to 1000000.');
  prepare(o.out, o.force ?? false);
  const plan = planHospital(seed, studies, pixels === 'realistic');
  const made = new Set<string>();
  const write = (rel: string, bytes: Uint8Array): void => {
    const abs = join(o.out, rel);
    const dir = dirname(abs);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    writeFileSync(abs, bytes);
  };
  const truths: StudyTruth[] = [];
  const fileTruths: FileTruth[] = [];
  let files = 0, bytes = 0;
  plan.studies.forEach((s, i) => {
    const r = studyFiles(s, seed, pixels);
    for (const f of r.files) {
      if (f.symlinkTo !== undefined) {
        const abs = join(o.out, f.path);
        mkdirSync(dirname(abs), { recursive: true });
        symlinkSync(f.symlinkTo, abs);
      } else {
        write(f.path, f.bytes!);
        bytes += f.bytes!.length;
      }
      files++;
    }
    truths.push(r.truth);
    fileTruths.push(...r.fileTruth);
    o.onProgress?.(i + 1, studies);
  });
  const clinical = clinicalTables(plan, new Random(`oncoatlas-synth:${seed}:clinical`));
  for (const [name, content] of Object.entries(clinical.files)) write(`clinical/${name}`, content);

  const byReason = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<RejectionReason, number>;
  const defects: Record<string, number> = {};
  for (const t of truths) {
    if (t.reason) byReason[t.reason]++;
    for (const d of t.defects) defects[d.kind] = (defects[d.kind] ?? 0) + 1;
  }
  const rejected = truths.filter((t) => t.expected === 'rejected').length;
  const truth: Truth = {
    generator: { name: 'oncoatlas synth', version: SYNTH_VERSION, seed, studies, pixels },
    rates: { fatal: FATAL_RATES, other: DEFECT_RATES },
    summary: {
      studies, integrated: studies - rejected, rejected, byReason, defects, files, bytes,
      patients: plan.patients.length, clinicalOnlyPatients: plan.clinicalOnly.length, clinicalDuplicateRows: clinical.duplicateRows,
    },
    studies: truths,
    files: fileTruths,
    patients: { clinicalOnly: plan.clinicalOnly.map((p) => p.id) },
    clinical: { defects: clinical.defects },
  };
  writeFileSync(join(o.out, CLINICAL_MAPPING_FILE), SYNTHETIC_CLINICAL_MAPPING_YAML);
  writeFileSync(join(o.out, CATALOGUE_STEWARD_FILE), `${JSON.stringify(catalogueSteward(), null, 2)}\n`);
  writeFileSync(join(o.out, CATALOGUE_SETTINGS_FILE), `${JSON.stringify(catalogueSettings(), null, 2)}\n`);
  writeFileSync(join(o.out, 'cohort.json'), `${JSON.stringify(cohortConfig(), null, 2)}\n`);
  writeFileSync(join(o.out, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  return truth;
}
