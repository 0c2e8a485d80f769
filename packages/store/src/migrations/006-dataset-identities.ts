/**
 * Each dataset's stable identity in the catalogue, and the node's settings that must outlive one command.
 *
 * A dataset's identity (a random UUID and the HTTP IRI built from it) is assigned when it is first published and
 * never changes afterwards: federated search, citations and harvesters keep it, so it is written once and no
 * code updates it. The IRI is stored, not rebuilt from a command's options, so that publishing and serving
 * cannot disagree. `node_settings` keeps the node's public URL once it is known (the base of those IRIs).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function datasetIdentitiesMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('dataset_identities')
        .addColumn('dataset_id', 'text', (c) => c.primaryKey())
        .addColumn('uuid', 'text', (c) => c.notNull().unique())
        .addColumn('iri', 'text', (c) => c.notNull().unique())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('node_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
