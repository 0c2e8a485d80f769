/** The hub catalogue's tables, appended to the hub's migrations as `002-hub-catalogue`. */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '@oncoatlas/store';

export function hubCatalogueTables(engine: Engine): Migration {
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('hub_catalogue_datasets')
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('iri', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('keywords', 'text', (c) => c.notNull())
        .addColumn('modalities', 'text', (c) => c.notNull())
        .addColumn('body_parts', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('primary_condition', 'text')
        .addColumn('subjects', 'integer')
        .addColumn('studies', 'integer')
        .addColumn('min_age', 'integer')
        .addColumn('max_age', 'integer')
        .addColumn('version', 'text')
        .addColumn('released_at', 'text')
        .addColumn('modified', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('harvested_at', big, (c) => c.notNull())
        .addColumn('withdrawn_at', big)
        .addPrimaryKeyConstraint('hub_catalogue_datasets_pk', ['node_id', 'iri'])
        .execute();
      await db.schema.createTable('hub_catalogue_harvests')
        .addColumn('node_id', 'text', (c) => c.primaryKey().references('hub_nodes.id'))
        .addColumn('watermark', 'text')
        .addColumn('last_harvest_at', big, (c) => c.notNull())
        .addColumn('last_status', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
