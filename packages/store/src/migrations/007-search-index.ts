/**
 * The federated search index: what a node counts when the hub (or EUCAIM's Focus) asks how many patients and
 * studies match a query. It holds the released (patient, study) pairs of each published dataset and the
 * canonical searchable values of each (from the ungeneralised CDM: disclosure control protects what leaves,
 * generalised values would make counts useless). Derived data: @oncoatlas/federation rewrites a dataset's rows
 * whenever it is published or leaves publication, and can rebuild all of it.
 *
 * `study_uid` is NULL in search_facts for a patient-level fact. Values are text or number, never both, so one
 * index per kind serves equality, IN, ranges and (by scan of one key) CONTAINS.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function searchIndexMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('search_studies')
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull())
        .addColumn('study_uid', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_studies_pk', ['dataset_id', 'study_uid'])
        .execute();
      await db.schema.createIndex('search_studies_patient').on('search_studies').column('patient_id').execute();
      await db.schema.createIndex('search_studies_study').on('search_studies').column('study_uid').execute();

      await db.schema
        .createTable('search_facts')
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull())
        .addColumn('study_uid', 'text')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('text_value', 'text')
        // "double precision" is REAL affinity in SQLite and float8 in PostgreSQL: one declaration for both.
        .addColumn('num_value', 'double precision')
        .execute();
      await db.schema.createIndex('search_facts_text').on('search_facts').columns(['key', 'text_value']).execute();
      await db.schema.createIndex('search_facts_num').on('search_facts').columns(['key', 'num_value']).execute();
      await db.schema.createIndex('search_facts_patient').on('search_facts').column('patient_id').execute();
      await db.schema.createIndex('search_facts_study').on('search_facts').column('study_uid').execute();
      await db.schema.createIndex('search_facts_dataset').on('search_facts').column('dataset_id').execute();
    },
  };
}
