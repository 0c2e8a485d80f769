/**
 * Where each dataset stands in the catalogue (draft, released, published, invalidated) and the steward's
 * fields its records were last published with. One row per dataset: the catalogue describes a dataset by
 * its latest released version, and every change of state is in the audit log.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function catalogueEntriesMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('catalogue_entries')
        .addColumn('dataset_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('steward', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
