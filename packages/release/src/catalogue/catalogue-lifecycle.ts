/**
 * A dataset's catalogue state changed by a steward: publish, unpublish, invalidate, reactivate. Publishing
 * (and reactivating) builds the records of the latest released version with the steward's fields and refuses
 * them unless they conform to the shapes; the new state, the fields it was published with and the tracer's
 * UPDATE_DATASET event commit together.
 */
import { appendAuditEvents } from '@oncoatlas/audit';
import { applyTransition, datasetQuads, parseStewardFacts, validateRecords, type DatasetFacts, type DatasetState, type LifecycleAction, type StewardFacts } from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import type { CatalogueEntryRow, StudyLedger } from '@oncoatlas/store';
import { latestReleasedVersion } from '../version/release-version.ts';
import { datasetFactsOf } from './dataset-facts-of.ts';

export interface CatalogueChange {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly id: string;
  readonly action: Exclude<LifecycleAction, 'RELEASE'>;
  readonly by: string;
  /** New steward fields; default: the ones the dataset was last published with. */
  readonly steward?: unknown;
  readonly identifierBase?: string;
  readonly now: () => string;
}

/** Where a dataset stands in the catalogue: its entry, else released once it has a released version. */
export async function catalogueState(ledger: StudyLedger, id: string): Promise<DatasetState> {
  const entry = await ledger.datasets.catalogueEntry(id);
  if (entry) return entry.state as DatasetState;
  if (!(await ledger.datasets.dataset(id))) throw oncoError('DATASET_NOT_FOUND', `There is no dataset ${id} on this node.`);
  return (await latestReleasedVersion(ledger, id)) ? 'released' : 'draft';
}

export async function changeCatalogueState(o: CatalogueChange): Promise<{ from: DatasetState; to: DatasetState; version: number }> {
  const { ledger } = o;
  const from = await catalogueState(ledger, o.id);
  const entry = await ledger.datasets.catalogueEntry(o.id);
  const stewardJson = o.steward ?? (entry?.steward ? JSON.parse(entry.steward) as unknown : undefined);
  const needsRecords = o.action === 'PUBLISH' || o.action === 'REACTIVATE';
  if (needsRecords && stewardJson === undefined) {
    throw oncoError('USAGE', `Publishing ${o.id} needs the steward's fields of its record: --steward FILE (docs/catalogue.md).`);
  }
  const steward: StewardFacts | undefined = stewardJson === undefined ? undefined : parseStewardFacts(stewardJson);
  const facts = steward ? await datasetFactsOf(ledger, o.dataDir, o.id, steward, o.identifierBase ? { identifierBase: o.identifierBase } : {}) : undefined;
  const validation = needsRecords && facts ? await validateRecords(datasetQuads(facts)) : undefined;
  const to = applyTransition(from, o.action, validation);
  const version = facts?.version ?? (await ledger.datasets.versions(o.id)).filter((v) => v.state === 'released').at(-1)?.version ?? 0;
  const at = o.now();
  await ledger.transaction(async (l) => {
    await l.datasets.putCatalogueEntry({ dataset_id: o.id, state: to, steward: stewardJson === undefined ? null : JSON.stringify(stewardJson), updated_at: at, updated_by: o.by });
    await appendAuditEvents(l, [{ at, actor: o.by, event: { type: 'UPDATE_DATASET', userId: o.by, datasetId: `${o.id}/v${version}`, details: o.action } }]);
  });
  return { from, to, version };
}

/** The facts of a published dataset, with the steward's fields it was published with; undefined otherwise. */
export async function publishedFactsOf(ledger: StudyLedger, dataDir: string, id: string, o: { readonly identifierBase?: string } = {}): Promise<DatasetFacts | undefined> {
  const entry = await ledger.datasets.catalogueEntry(id);
  return entry ? factsOfEntry(ledger, dataDir, entry, o) : undefined;
}

/** The facts of every published dataset, with the steward's fields each was published with. */
export async function publishedDatasetFacts(ledger: StudyLedger, dataDir: string, o: { readonly identifierBase?: string } = {}): Promise<DatasetFacts[]> {
  return (await listedDatasetFacts(ledger, dataDir, ['published'], o)).map((x) => x.facts);
}

/**
 * The facts of every dataset whose catalogue entry is in one of `states` and has steward fields, with its
 * state: the public list shows withdrawn (invalidated) datasets too, marked so, for those who cited them.
 */
export async function listedDatasetFacts(ledger: StudyLedger, dataDir: string, states: readonly DatasetState[], o: { readonly identifierBase?: string } = {}): Promise<{ state: DatasetState; facts: DatasetFacts }[]> {
  const out: { state: DatasetState; facts: DatasetFacts }[] = [];
  for (const entry of await ledger.datasets.catalogueEntries()) {
    const state = entry.state as DatasetState;
    if (!states.includes(state) || entry.steward === null) continue;
    out.push({ state, facts: await datasetFactsOf(ledger, dataDir, entry.dataset_id, parseStewardFacts(JSON.parse(entry.steward)), o) });
  }
  return out;
}

async function factsOfEntry(ledger: StudyLedger, dataDir: string, entry: CatalogueEntryRow, o: { readonly identifierBase?: string }): Promise<DatasetFacts | undefined> {
  if (entry.state !== 'published' || entry.steward === null) return undefined;
  return datasetFactsOf(ledger, dataDir, entry.dataset_id, parseStewardFacts(JSON.parse(entry.steward)), o);
}
