/**
 * Keeps the search index equal to what the node publishes: the latest released version of every dataset whose
 * catalogue state is `published`. The catalogue lifecycle calls `refreshSearchIndex` in the transaction that
 * changes the state, so a count never sees a dataset the catalogue does not list (or misses one it lists).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudyLedger, type Database } from '@oncoatlas/store';
import { oncoError } from '@oncoatlas/core';
import type { Kysely } from 'kysely';
import { searchFacts, type CdmRecord, type ReleasedStudy } from './search-facts.ts';

export type IndexTarget = Kysely<Database> | StudyLedger;

function ledgerOf(target: IndexTarget): StudyLedger {
  return target instanceof StudyLedger ? target : new StudyLedger(target);
}

/** The released (patient, study) pairs of a version, from its clinical image_study file. */
export async function releasedStudies(versionDir: string): Promise<ReleasedStudy[]> {
  const path = join(versionDir, 'clinical', 'image_study.jsonl');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw oncoError('IO_FAILED', 'A released dataset version has no clinical/image_study.jsonl to index.', {}, cause);
  }
  const out: ReleasedStudy[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { patient_id?: unknown; study_uid?: unknown };
    if (typeof row.patient_id === 'string' && typeof row.study_uid === 'string') out.push({ patientId: row.patient_id, studyUid: row.study_uid });
  }
  return out;
}

async function cdmRecords(ledger: StudyLedger): Promise<CdmRecord[]> {
  return (await ledger.cdm.records()).map((r) => ({ entity: r.entity, patient_id: r.patient_id, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/**
 * Rewrites one dataset's rows: its latest released version's pairs when it is published, nothing otherwise.
 * Runs in the target's transaction when it is one (the catalogue lifecycle), else in its own.
 */
export async function refreshSearchIndex(target: IndexTarget, dataDir: string, datasetId: string): Promise<void> {
  await ledgerOf(target).transaction(async (l) => {
    const entry = await l.datasets.catalogueEntry(datasetId);
    const version = (await l.datasets.versions(datasetId)).filter((v) => v.state === 'released').at(-1);
    if (entry?.state !== 'published' || !version) {
      await l.searchIndex.deleteDataset(datasetId);
      return;
    }
    const released = await releasedStudies(join(dataDir, 'datasets', datasetId, `v${version.version}`));
    const rows = searchFacts(await cdmRecords(l), released);
    await l.searchIndex.replaceDataset(datasetId, rows.studies, rows.facts);
  });
}

/** Rebuilds the whole index: every published dataset, and drops the rows of any that is no longer published. */
export async function rebuildSearchIndex(target: IndexTarget, dataDir: string): Promise<void> {
  const ledger = ledgerOf(target);
  const ids = new Set([...(await ledger.datasets.catalogueEntries()).map((e) => e.dataset_id), ...(await ledger.searchIndex.datasetIds())]);
  for (const id of [...ids].sort()) await refreshSearchIndex(ledger, dataDir, id);
}

/**
 * Builds the index of a data directory published before the index existed (migration 007): when it is empty but
 * the catalogue lists published datasets. Cheap otherwise (two small reads), so servers call it at start.
 */
export async function ensureSearchIndex(target: IndexTarget, dataDir: string): Promise<boolean> {
  const ledger = ledgerOf(target);
  if ((await ledger.searchIndex.datasetIds()).length > 0) return false;
  if (!(await ledger.datasets.catalogueEntries()).some((e) => e.state === 'published')) return false;
  await rebuildSearchIndex(ledger, dataDir);
  return true;
}
