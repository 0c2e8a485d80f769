/**
 * Using data under a permit: each use of a permit (a DICOMweb read, a file download, a job) as a row beside
 * its audit entry, so the holder's and the researcher's views of a permit's uses are an indexed read instead of
 * a scan of the audit log; and the jobs a node ran in its sandbox, with the outputs held for review.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function dataUseMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('permit_uses')
        .addColumn('permit_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('resource', 'text')
        .execute();
      await db.schema.createIndex('permit_uses_permit').on('permit_uses').columns(['permit_id', 'at']).execute();
      // The checks recorded before this migration live only in the audit log: copied over, so a permit's view
      // of its uses loses none of them.
      const before = await db.selectFrom('audit_entries').select(['event', 'created_at'])
        .where('event', 'like', '%"type":"USE_DATASETS"%').where('event', 'like', '%"permit":{%').orderBy('seq').execute() as { event: string; created_at: string }[];
      const uses = before.flatMap((row) => {
        const envelope = JSON.parse(row.event) as { at?: string; event?: { permit?: { id?: string; action?: string; outcome?: string; code?: string } } };
        const p = envelope.event?.permit;
        if (!p?.id || !p.action || (p.outcome !== 'allowed' && p.outcome !== 'refused')) return [];
        return [{ permit_id: p.id, at: envelope.at ?? row.created_at, action: p.action, outcome: p.outcome, code: p.code ?? null, resource: null }];
      });
      for (let i = 0; i < uses.length; i += 500) await db.insertInto('permit_uses').values(uses.slice(i, i + 500)).execute();

      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('permit_id', 'text', (c) => c.notNull())
        .addColumn('researcher', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('hub_job', 'text')
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('manifest_sha256', 'text', (c) => c.notNull())
        .addColumn('tool', 'text', (c) => c.notNull())
        .addColumn('tool_version', 'text', (c) => c.notNull())
        .addColumn('tool_sha256', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('limits', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('exit_code', 'integer')
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('review_note', 'text')
        .execute();
      await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'submitted_at']).execute();
      await db.schema.createIndex('jobs_hub_job').on('jobs').columns(['hub_job']).execute();

      await db.schema
        .createTable('job_outputs')
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('released', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('job_outputs_pk', ['job_id', 'path'])
        .execute();
    },
  };
}
