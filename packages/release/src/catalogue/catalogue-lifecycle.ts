/**
 * A dataset's catalogue state changed by a steward: publish, unpublish, invalidate, reactivate. Publishing
 * (and reactivating) builds the records of the latest released version with the steward's fields and refuses
 * them unless they conform to the shapes, and unless the agreements the node's onboarding path requires are on
 * file (AGREEMENT_MISSING, access/node-agreements.ts); the new state, the fields it was published with, the dataset's
 * identity (drawn at its first publication) and the tracer's UPDATE_DATASET event commit together.
 */
import { appendAuditEvents } from '@oncoatlas/audit';
import { applyTransition, datasetQuads, parseStewardFacts, transitionFor, validateRecords, type DatasetFacts, type DatasetState, type LifecycleAction, type StewardFacts } from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import { refreshSearchIndex } from '@oncoatlas/federation';
import type { CatalogueEntryRow, StudyLedger } from '@oncoatlas/store';
import { assertAgreementsOnFile } from '../access/node-agreements.ts';
import { latestReleasedVersion } from '../version/release-version.ts';
import { datasetFactsOf } from './dataset-facts-of.ts';
import { assignIdentity, identityForPublishing, type PublicUrlSources } from './dataset-identity.ts';

export interface CatalogueChange extends PublicUrlSources {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly id: string;
  readonly action: Exclude<LifecycleAction, 'RELEASE'>;
  readonly by: string;
  /** New steward fields; default: the ones the dataset was last published with. */
  readonly steward?: unknown;
  readonly now: () => string;
}

export interface CatalogueChanged {
  readonly from: DatasetState;
  readonly to: DatasetState;
  readonly version: number;
  /** The dataset's stable IRI, once it has been published (the same ever after). */
  readonly identifier?: string;
}

/** Where a dataset stands in the catalogue: its entry, else released once it has a released version. */
export async function catalogueState(ledger: StudyLedger, id: string): Promise<DatasetState> {
  const entry = await ledger.datasets.catalogueEntry(id);
  if (entry) return entry.state as DatasetState;
  if (!(await ledger.datasets.dataset(id))) throw oncoError('DATASET_NOT_FOUND', `There is no dataset ${id} on this node.`);
  return (await latestReleasedVersion(ledger, id)) ? 'released' : 'draft';
}

export async function changeCatalogueState(o: CatalogueChange): Promise<CatalogueChanged> {
  const { ledger } = o;
  const from = await catalogueState(ledger, o.id);
  const entry = await ledger.datasets.catalogueEntry(o.id);
  const stewardJson = o.steward ?? (entry?.steward ? JSON.parse(entry.steward) as unknown : undefined);
  const needsRecords = o.action === 'PUBLISH' || o.action === 'REACTIVATE';
  if (needsRecords && stewardJson === undefined) {
    throw oncoError('USAGE', `Publishing ${o.id} needs the steward's fields of its record: --steward FILE (docs/catalogue.md).`);
  }
  const steward: StewardFacts | undefined = stewardJson === undefined ? undefined : parseStewardFacts(stewardJson);
  // Checked before the records: a refused transition must not ask for a public URL it would not use.
  if (needsRecords) transitionFor(from, o.action);
  // A dataset goes into the catalogue only while the agreements of the node's onboarding path are on file.
  if (needsRecords) await assertAgreementsOnFile(ledger, o.id, new Date(o.now()));
  const plan = needsRecords ? await identityForPublishing(ledger, o.id, o) : undefined;
  const at = o.now();
  const facts = steward ? await datasetFactsOf(ledger, o.dataDir, o.id, steward, { ...(plan ? { identity: plan.identity } : {}), modifiedAt: at }) : undefined;
  const validation = needsRecords && facts ? await validateRecords(datasetQuads(facts)) : undefined;
  const to = applyTransition(from, o.action, validation);
  const version = facts?.version ?? (await ledger.datasets.versions(o.id)).filter((v) => v.state === 'released').at(-1)?.version ?? 0;
  const identifier = await ledger.transaction(async (l) => {
    const identity = plan ? await assignIdentity(l, o.id, plan, at) : await l.datasets.datasetIdentity(o.id);
    await l.datasets.putCatalogueEntry({ dataset_id: o.id, state: to, steward: stewardJson === undefined ? null : JSON.stringify(stewardJson), updated_at: at, updated_by: o.by });
    await appendAuditEvents(l, [{ at, actor: o.by, event: { type: 'UPDATE_DATASET', userId: o.by, datasetId: `${o.id}/v${version}`, details: o.action } }]);
    // Same transaction: federated counts cover exactly the datasets the catalogue lists as published.
    await refreshSearchIndex(l, o.dataDir, o.id);
    return identity?.iri;
  });
  return { from, to, version, ...(identifier ? { identifier } : {}) };
}

/** The facts of a published dataset, with the steward's fields it was published with; undefined otherwise. */
export async function publishedFactsOf(ledger: StudyLedger, dataDir: string, id: string): Promise<DatasetFacts | undefined> {
  const listed = await listedFactsOf(ledger, dataDir, id);
  return listed?.state === 'published' ? listed.facts : undefined;
}

/** The facts of every published dataset, with the steward's fields each was published with. */
export async function publishedDatasetFacts(ledger: StudyLedger, dataDir: string): Promise<DatasetFacts[]> {
  return (await listedDatasetFacts(ledger, dataDir, ['published'])).map((x) => x.facts);
}

/** A dataset the catalogue lists (published, or invalidated: withdrawn), with its facts and when its entry changed. */
export interface ListedDataset {
  readonly state: 'published' | 'invalidated';
  readonly facts: DatasetFacts;
  /** When its catalogue entry last changed: for an invalidated dataset, when it was withdrawn. */
  readonly changedAt: string;
}

/**
 * The facts of every dataset whose catalogue entry is in one of `states` and has steward fields, with its
 * state: the public list shows withdrawn (invalidated) datasets too, marked so, for those who cited them.
 */
export async function listedDatasetFacts(ledger: StudyLedger, dataDir: string, states: readonly DatasetState[]): Promise<{ state: DatasetState; facts: DatasetFacts }[]> {
  const out: { state: DatasetState; facts: DatasetFacts }[] = [];
  for (const entry of await ledger.datasets.catalogueEntries()) {
    const state = entry.state as DatasetState;
    if (!states.includes(state) || entry.steward === null) continue;
    out.push({ state, facts: await factsOfEntry(ledger, dataDir, entry, entry.steward) });
  }
  return out;
}

/** A dataset by its id in this node, when the catalogue lists it (published or invalidated). */
export async function listedFactsOf(ledger: StudyLedger, dataDir: string, id: string): Promise<ListedDataset | undefined> {
  const entry = await ledger.datasets.catalogueEntry(id);
  return entry ? listedOf(ledger, dataDir, entry) : undefined;
}

/**
 * A dataset by the UUID of its IRI, when the catalogue lists it: what the IRI dereferences to. An unknown
 * UUID, or a dataset published once and since taken back out (unpublished), gives undefined.
 */
export async function listedFactsByUuid(ledger: StudyLedger, dataDir: string, uuid: string): Promise<ListedDataset | undefined> {
  const identity = await ledger.datasets.datasetIdentityByUuid(uuid);
  return identity ? listedFactsOf(ledger, dataDir, identity.dataset_id) : undefined;
}

async function listedOf(ledger: StudyLedger, dataDir: string, entry: CatalogueEntryRow): Promise<ListedDataset | undefined> {
  if ((entry.state !== 'published' && entry.state !== 'invalidated') || entry.steward === null) return undefined;
  return { state: entry.state, facts: await factsOfEntry(ledger, dataDir, entry, entry.steward), changedAt: entry.updated_at };
}

function factsOfEntry(ledger: StudyLedger, dataDir: string, entry: CatalogueEntryRow, steward: string): Promise<DatasetFacts> {
  return datasetFactsOf(ledger, dataDir, entry.dataset_id, parseStewardFacts(JSON.parse(steward)));
}
