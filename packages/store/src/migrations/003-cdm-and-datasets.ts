/**
 * The clinical common data model extract, the latest report of each kind, and dataset versions.
 *
 * CDM records are kept as one JSON document per record under (entity, record_id) rather than a table per
 * CDM entity: the EUCAIM CDM is still moving (reference notes §5), its records are produced and replaced
 * whole by the clinical stage, and the release reads them back whole; only patient_id is queried on its
 * own. A dataset version and its members are written once; only its state and release fields change, once.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function cdmAndDatasetsMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('cdm_records')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cdm_records_pk', ['entity', 'record_id'])
        .execute();
      await db.schema.createIndex('cdm_records_patient').on('cdm_records').column('patient_id').execute();

      await db.schema
        .createTable('reports')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('run', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('datasets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('dataset_versions')
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('released_at', 'text')
        .addColumn('released_by', 'text')
        .addColumn('manifest_sha256', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('override_json', 'text')
        .addPrimaryKeyConstraint('dataset_versions_pk', ['dataset_id', 'version'])
        .execute();

      await db.schema
        .createTable('dataset_members')
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('study_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_members_pk', ['dataset_id', 'version', 'study_key'])
        .execute();
    },
  };
}
