/** The tables of federated jobs (jobs/job-schema.ts), appended to the hub's migrations as `004-hub-jobs`. */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '@oncoatlas/store';

export function hubJobTables(engine: Engine): Migration {
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('hub_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('researcher', 'text', (c) => c.notNull())
        .addColumn('tool', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_jobs_by_researcher').on('hub_jobs').columns(['researcher', 'created_at']).execute();
      await db.schema.createTable('hub_job_targets')
        .addColumn('job_id', 'text', (c) => c.notNull().references('hub_jobs.id'))
        .addColumn('permit_id', 'text', (c) => c.notNull())
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('dataset_uuid', 'text', (c) => c.notNull())
        .addColumn('dataset_name', 'text', (c) => c.notNull())
        .addColumn('node_job', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('code', 'text')
        .addColumn('outputs', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('result_at', big)
        .addColumn('final', 'integer', (c) => c.notNull())
        .addColumn('pending_query', 'text')
        .addColumn('pending_task', 'text')
        .addColumn('next_poll_at', big, (c) => c.notNull())
        .addColumn('changed_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('hub_job_targets_pk', ['job_id', 'permit_id'])
        .execute();
      await db.schema.createIndex('hub_job_targets_due').on('hub_job_targets').columns(['final', 'next_poll_at']).execute();
    },
  };
}
