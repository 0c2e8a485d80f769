/**
 * The hub catalogue's rows: per node the datasets harvested from it and how far its harvest got. Its own
 * connection to the hub's database (the tables come with the hub's migrations), the same SQL on both engines.
 */
import type { Kysely, Selectable } from 'kysely';
import { openDatabase } from '@oncoatlas/store';
import { hubMigrations } from '../hub-migrations.ts';
import { HUB_SQLITE_FILE } from '../hub-store.ts';
import type { HubCatalogueDatabase, HubCatalogueDatasetsTable, HubCatalogueHarvestsTable } from './catalogue-schema.ts';
import type { HarvestPlan, StoredEntry } from './harvest-plan.ts';
import type { HarvestedDataset } from './harvested-records.ts';

export type HarvestedRow = Selectable<HubCatalogueDatasetsTable> & { readonly node_name: string };
export type HarvestRow = Selectable<HubCatalogueHarvestsTable>;

export async function openCatalogueStore(o: { readonly dataDir: string; readonly database?: string }): Promise<{ store: HubCatalogueStore; close(): Promise<void> }> {
  const opened = await openDatabase<HubCatalogueDatabase>({
    dataDir: o.dataDir, file: HUB_SQLITE_FILE, migrations: hubMigrations, migrationTable: 'hub_migration',
    ...(o.database ? { database: o.database } : {}),
  });
  return { store: new HubCatalogueStore(opened.db), close: () => opened.close() };
}

function rowOf(nodeId: string, d: HarvestedDataset, at: number): Selectable<HubCatalogueDatasetsTable> {
  return {
    node_id: nodeId, iri: d.iri, title: d.title, description: d.description, keywords: JSON.stringify(d.keywords),
    modalities: JSON.stringify(d.modalities), body_parts: JSON.stringify(d.bodyParts), conditions: JSON.stringify(d.conditions),
    primary_condition: d.primaryCondition, subjects: d.subjects, studies: d.studies, min_age: d.ageRange?.min ?? null, max_age: d.ageRange?.max ?? null,
    version: d.version, released_at: d.releasedAt, modified: d.modified, state: 'listed', harvested_at: at, withdrawn_at: null,
  };
}

export class HubCatalogueStore {
  readonly #db: Kysely<HubCatalogueDatabase>;

  constructor(db: Kysely<HubCatalogueDatabase>) {
    this.#db = db;
  }

  entries(nodeId: string): Promise<StoredEntry[]> {
    return this.#db.selectFrom('hub_catalogue_datasets').select(['iri', 'state']).where('node_id', '=', nodeId).execute();
  }

  harvestOf(nodeId: string): Promise<HarvestRow | undefined> {
    return this.#db.selectFrom('hub_catalogue_harvests').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
  }

  harvests(): Promise<HarvestRow[]> {
    return this.#db.selectFrom('hub_catalogue_harvests').selectAll().orderBy('node_id').execute();
  }

  /** The approved nodes' datasets (withdrawn ones too), with their node's name. */
  datasets(): Promise<HarvestedRow[]> {
    return this.#db.selectFrom('hub_catalogue_datasets').innerJoin('hub_nodes', 'hub_nodes.id', 'hub_catalogue_datasets.node_id')
      .selectAll('hub_catalogue_datasets').select('hub_nodes.name as node_name')
      .where('hub_nodes.status', '=', 'approved').orderBy('hub_catalogue_datasets.title').orderBy('hub_catalogue_datasets.iri').execute();
  }

  /** One harvest's changes and the node's new watermark, together. */
  async apply(nodeId: string, plan: HarvestPlan, at: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const d of plan.upserts) {
        const row = rowOf(nodeId, d, at);
        const { node_id: _n, iri: _i, ...changes } = row;
        await trx.insertInto('hub_catalogue_datasets').values(row).onConflict((oc) => oc.columns(['node_id', 'iri']).doUpdateSet(changes)).execute();
      }
      if (plan.withdraw.length > 0) {
        await trx.updateTable('hub_catalogue_datasets').set({ state: 'withdrawn', withdrawn_at: at })
          .where('node_id', '=', nodeId).where('iri', 'in', [...plan.withdraw]).execute();
      }
      await upsertHarvest(trx, { node_id: nodeId, watermark: plan.watermark, last_harvest_at: at, last_status: 'succeeded' });
    });
  }

  /** A failed attempt: its code is recorded, the watermark kept (the next harvest asks for the same changes). */
  async recordFailure(nodeId: string, code: string, at: number): Promise<void> {
    const previous = await this.harvestOf(nodeId);
    await upsertHarvest(this.#db, { node_id: nodeId, watermark: previous?.watermark ?? null, last_harvest_at: at, last_status: code });
  }
}

async function upsertHarvest(db: Kysely<HubCatalogueDatabase>, row: HarvestRow): Promise<void> {
  const { node_id: _n, ...changes } = row;
  await db.insertInto('hub_catalogue_harvests').values(row).onConflict((oc) => oc.column('node_id').doUpdateSet(changes)).execute();
}
