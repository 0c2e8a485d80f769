/**
 * The pipeline ledger: runs, instances, studies, review items and audit leaves.
 *
 * One DDL for both engines except the generated keys: SQLite wants `integer primary key autoincrement`
 * (an alias of the rowid; AUTOINCREMENT so a deleted row's id is never handed out again), PostgreSQL
 * `serial`. `bigint` is a 64-bit integer on PostgreSQL and has INTEGER affinity (always 64-bit) on SQLite.
 * No column has a default: the repository writes every value, so nothing depends on an engine's defaults.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function ledgerMigration(engine: Engine): Migration {
  const generatedId = engine === 'postgres' ? 'serial' : 'integer';
  return {
    // Kysely<any> is the Migration signature: a migration must not depend on today's Database type.
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('runs')
        .addColumn('id', generatedId, (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('command', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('instances')
        .addColumn('source_path', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('content_sha256', 'text')
        .addColumn('study_key', 'text')
        .addColumn('sop_instance_uid', 'text')
        .addColumn('series_instance_uid', 'text')
        .addColumn('sop_class_uid', 'text')
        .addColumn('transfer_syntax_uid', 'text')
        .addColumn('modality', 'text')
        .addColumn('manufacturer', 'text')
        .addColumn('body_part', 'text')
        .addColumn('burned_in', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('output_path', 'text')
        .addColumn('output_sha256', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('instances_study_key').on('instances').column('study_key').execute();
      // Duplicate detection looks instances up by SOP Instance UID.
      await db.schema.createIndex('instances_sop_instance_uid').on('instances').column('sop_instance_uid').execute();
      await db.schema.createIndex('instances_status').on('instances').column('status').execute();

      await db.schema
        .createTable('studies')
        .addColumn('study_key', 'text', (c) => c.primaryKey())
        .addColumn('patient_key', 'text')
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('instances', 'integer', (c) => c.notNull())
        .addColumn('input_hash', 'text')
        .addColumn('output_hash', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The work queue: "the next N studies at stage S with status T".
      await db.schema.createIndex('studies_stage_status').on('studies').columns(['stage', 'status']).execute();

      await db.schema
        .createTable('review_items')
        .addColumn('id', generatedId, (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('study_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        // A study is held once per reason, however often a re-run flags it again.
        .addUniqueConstraint('review_items_study_kind', ['study_key', 'kind'])
        .execute();

      await db.schema
        .createTable('audit_entries')
        // integer on SQLite keeps it the rowid (64-bit anyway); bigint on PostgreSQL because a node that
        // logs every data read can pass 2^31 entries over its lifetime.
        .addColumn('seq', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
