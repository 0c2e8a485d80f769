/**
 * The catalogue's facts of a dataset, generated from its latest released version: counts from the version's
 * summary, and sex, conditions, modalities, body parts and manufacturers counted (in patients) from the
 * version's CDM extract, i.e. from data that passed QC and the risk gate only. Codes are the ones the clinical
 * value sets gave the extract; a value without a code stays uncoded. The steward's fields are the caller's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClinicalTable, CodedCount, DatasetFacts, GeneratedFacts, StewardFacts } from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import type { StudyLedger } from '@oncoatlas/store';
import { versionDir } from '../version/create-version.ts';
import { latestReleasedVersion } from '../version/release-version.ts';
import type { VersionSummary } from '../version/version-summary.ts';

interface CodedJson {
  readonly value: string;
  readonly codings: readonly { readonly system: string; readonly code: string }[];
}

type Row = Record<string, unknown>;

function readJsonl(path: string): Row[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}

/** Patients per coded value; codings merged over every record of the value. */
function countPatients(rows: readonly Row[], pick: (r: Row) => readonly (CodedJson | null | undefined)[]): CodedCount[] {
  const byValue = new Map<string, { patients: Set<string>; codings: Map<string, { system: string; code: string }> }>();
  for (const r of rows) {
    for (const c of pick(r)) {
      if (!c?.value) continue;
      let entry = byValue.get(c.value);
      if (!entry) byValue.set(c.value, entry = { patients: new Set(), codings: new Map() });
      entry.patients.add(String(r.patient_id));
      for (const k of c.codings) entry.codings.set(`${k.system}|${k.code}`, { system: k.system, code: k.code });
    }
  }
  return [...byValue].map(([value, e]) => ({ value, count: e.patients.size, codings: [...e.codings.values()] }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

export function generatedFactsOf(dir: string, summary: VersionSummary, manifestSha256: string): GeneratedFacts {
  const clinical = join(dir, 'clinical');
  const patients = readJsonl(join(clinical, 'patient.jsonl'));
  const conditions = readJsonl(join(clinical, 'cancer_condition.jsonl'));
  const series = readJsonl(join(clinical, 'image_series.jsonl'));
  const ages = patients.map((p) => p.patient_age_at_diagnosis).filter((a): a is number => typeof a === 'number');
  const tables: ClinicalTable[] = existsSync(clinical)
    ? readdirSync(clinical).filter((f) => f.endsWith('.jsonl')).sort().map((f) => ({ path: `clinical/${f}`, columns: Object.keys(readJsonl(join(clinical, f))[0] ?? {}) }))
    : [];
  return {
    counts: { patients: summary.counts.patients, studies: summary.counts.studies, series: summary.counts.series, instances: summary.counts.instances, bytes: summary.counts.bytes },
    sex: countPatients(patients, (p) => [p.patient_birth_sex as CodedJson | null]),
    conditions: countPatients(conditions, (c) => {
      const code = c.cancer_condition_code as CodedJson | null;
      const concept = c.cancer_condition_concept as CodedJson | null;
      return code ? [{ value: code.value, codings: [...code.codings, ...(concept?.codings ?? [])] }] : [];
    }),
    modalities: countPatients(series, (s) => [s.series_modality as CodedJson | null]),
    bodyParts: countPatients(series, (s) => [s.series_body_site as CodedJson | null]),
    manufacturers: countPatients(series, (s) => [s.series_manufacturer as CodedJson | null]),
    ...(ages.length > 0 ? { ageRange: { min: Math.floor(Math.min(...ages)), max: Math.floor(Math.max(...ages)) } } : {}),
    clinicalTables: tables,
    pseudonymised: true,
    manifestSha256,
  };
}

/**
 * The facts of a dataset's latest released version with the steward's fields. `identifierBase` + id is the
 * dataset's stable identifier, the same in the catalogue, federated search and the node.
 */
/** The latest release's generated facts with its number and time, or undefined before any release. */
export async function latestReleaseFacts(ledger: StudyLedger, dataDir: string, id: string): Promise<{ version: number; releasedAt: string; generated: GeneratedFacts } | undefined> {
  const released = await latestReleasedVersion(ledger, id);
  if (!released || !released.released_at) return undefined;
  const summary = JSON.parse(released.summary) as VersionSummary;
  return { version: released.version, releasedAt: released.released_at, generated: generatedFactsOf(versionDir(dataDir, id, released.version), summary, released.manifest_sha256) };
}

export async function datasetFactsOf(ledger: StudyLedger, dataDir: string, id: string, steward: StewardFacts, o: { readonly identifierBase?: string } = {}): Promise<DatasetFacts> {
  const release = await latestReleaseFacts(ledger, dataDir, id);
  if (!release) throw oncoError('DATASET_NOT_FOUND', `Dataset ${id} has no released version to describe in the catalogue (oncoatlas dataset release).`);
  return { id, version: release.version, identifierIri: `${o.identifierBase ?? 'urn:oncoatlas:dataset:'}${id}`, releasedAt: release.releasedAt, steward, generated: release.generated };
}
