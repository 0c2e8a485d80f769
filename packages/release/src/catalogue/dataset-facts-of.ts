/**
 * The catalogue's facts of a dataset, generated from its latest released version: counts, and patients by sex,
 * condition, modality, body part and manufacturer as the version's summary counted them at dataset level (of
 * its released patients only: data that passed QC and the risk gate), the released tables and their columns.
 * Codes are the ones the clinical value sets gave; a value without a code stays uncoded. The steward's fields
 * are the caller's; the version's own description, purpose and legal basis fill what they leave empty.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClinicalTable, DatasetFacts, GeneratedFacts, StewardFacts } from '@oncoatlas/catalogue';
import { cdmTableDescription, describeCdmColumn } from '@oncoatlas/clinical';
import { oncoError } from '@oncoatlas/core';
import type { StudyLedger } from '@oncoatlas/store';
import { versionDir } from '../version/create-version.ts';
import { latestReleasedVersion } from '../version/release-version.ts';
import { identityOf, type DatasetIdentity } from './dataset-identity.ts';
import type { VersionSummary } from '../version/version-summary.ts';

type Row = Record<string, unknown>;

function readJsonl(path: string): Row[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}

/** A released table with its columns described from the CDM and from the types of the released values. */
function tableOf(file: string, rows: readonly Row[]): ClinicalTable {
  const table = file.slice(0, -'.jsonl'.length);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columnInfo = Object.fromEntries(columns.map((c) => [c, describeCdmColumn(table, c, rows.map((row) => row[c]))]));
  return { path: `clinical/${file}`, title: cdmTableDescription(table).title, columns, columnInfo };
}

export function generatedFactsOf(dir: string, summary: VersionSummary, manifestSha256: string): GeneratedFacts {
  const clinical = join(dir, 'clinical');
  const tables: ClinicalTable[] = existsSync(clinical)
    ? readdirSync(clinical).filter((f) => f.endsWith('.jsonl')).sort().map((f) => tableOf(f, readJsonl(join(clinical, f))))
    : [];
  // Counted at dataset level before the rows were generalised (version-facts.ts): withdrawing sex from the rows
  // to reach k does not make the dataset's sexes unknown to the catalogue.
  const f = summary.facts;
  return {
    counts: { patients: summary.counts.patients, studies: summary.counts.studies, series: summary.counts.series, instances: summary.counts.instances, bytes: summary.counts.bytes },
    sex: f.sex, conditions: f.conditions, modalities: f.modalities, bodyParts: f.bodyParts, manufacturers: f.manufacturers,
    ...(f.ageRange ? { ageRange: f.ageRange } : {}),
    clinicalTables: tables,
    pseudonymised: true,
    manifestSha256,
  };
}

/** The steward's fields, with what the version states filling what they leave empty (description, purpose, legal basis). */
export function withVersionStatements(steward: StewardFacts, summary: VersionSummary): StewardFacts {
  const fill = (given: Readonly<Record<string, string>>, text: string | null): Readonly<Record<string, string>> =>
    given.en?.trim() || !text ? given : { ...given, en: text };
  return {
    ...steward,
    description: fill(steward.description, summary.description ?? null),
    purpose: fill(steward.purpose, summary.purpose),
    legalBasis: fill(steward.legalBasis, summary.legalBasis),
  };
}

/** The latest release's generated facts with its number and time, or undefined before any release. */
export async function latestReleaseFacts(ledger: StudyLedger, dataDir: string, id: string): Promise<{ version: number; releasedAt: string; generated: GeneratedFacts; summary: VersionSummary } | undefined> {
  const released = await latestReleasedVersion(ledger, id);
  if (!released || !released.released_at) return undefined;
  const summary = JSON.parse(released.summary) as VersionSummary;
  return { version: released.version, releasedAt: released.released_at, summary, generated: generatedFactsOf(versionDir(dataDir, id, released.version), summary, released.manifest_sha256) };
}

/** The later of two ISO 8601 instants (either may be missing). */
function later(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}

export interface FactsOptions {
  /** The identity to describe it with; default the stored one (see identityOf). */
  readonly identity?: DatasetIdentity;
  /** When its entry changes now; default the entry's last change or the release, whichever is later. */
  readonly modifiedAt?: string;
}

/**
 * The facts of a dataset's latest released version with the steward's fields, under its stable identity (the
 * same in the catalogue, federated search and the node). Its records changed last when its catalogue entry
 * changed or when a new version was released, whichever is later.
 */
export async function datasetFactsOf(ledger: StudyLedger, dataDir: string, id: string, steward: StewardFacts, o: FactsOptions = {}): Promise<DatasetFacts> {
  const release = await latestReleaseFacts(ledger, dataDir, id);
  if (!release) throw oncoError('DATASET_NOT_FOUND', `Dataset ${id} has no released version to describe in the catalogue (oncoatlas dataset release).`);
  const identity = o.identity ?? await identityOf(ledger, id);
  const modifiedAt = o.modifiedAt ?? later((await ledger.datasets.catalogueEntry(id))?.updated_at, release.releasedAt);
  return {
    id, version: release.version, identifierIri: identity.iri, uuid: identity.uuid, releasedAt: release.releasedAt, modifiedAt,
    steward: withVersionStatements(steward, release.summary), generated: release.generated,
  };
}
