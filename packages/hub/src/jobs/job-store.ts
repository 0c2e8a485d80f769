/**
 * The rows of federated jobs, on the hub store's own connection so a change and its audit entry commit
 * together (`new HubJobStore(s)` inside `hub.store.transaction`). Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { HubStore } from '../hub-store.ts';
import type { HubJobsDatabase, HubJobsTable, HubJobTargetsTable } from './job-schema.ts';

export type HubJobRow = Selectable<HubJobsTable>;
export type JobTargetRow = Selectable<HubJobTargetsTable>;

export class HubJobStore {
  readonly #db: Kysely<HubJobsDatabase>;

  constructor(store: HubStore) {
    // The job tables come with the hub's migrations; their types live beside them, not in the hub's schema.
    this.#db = store.db as unknown as Kysely<HubJobsDatabase>;
  }

  async insertJob(job: HubJobRow, targets: readonly JobTargetRow[]): Promise<void> {
    await this.#db.insertInto('hub_jobs').values(job).execute();
    if (targets.length > 0) await this.#db.insertInto('hub_job_targets').values([...targets]).execute();
  }

  job(id: string): Promise<HubJobRow | undefined> {
    return this.#db.selectFrom('hub_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A researcher's jobs, newest first. */
  jobsOf(researcher: string, limit = 200): Promise<HubJobRow[]> {
    return this.#db.selectFrom('hub_jobs').selectAll().where('researcher', '=', researcher).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  targetsOf(jobIds: readonly string[]): Promise<JobTargetRow[]> {
    if (jobIds.length === 0) return Promise.resolve([]);
    return this.#db.selectFrom('hub_job_targets').selectAll().where('job_id', 'in', [...jobIds]).orderBy('job_id').orderBy('node_id').orderBy('permit_id').execute();
  }

  /** Targets not final whose poll is due. */
  due(now: number, limit = 100): Promise<JobTargetRow[]> {
    return this.#db.selectFrom('hub_job_targets').selectAll().where('final', '=', 0).where('next_poll_at', '<=', now).orderBy('next_poll_at').limit(limit).execute();
  }

  /**
   * Updates a target only if it still waits on `pending` (null: on no task): two ticks, or a tick and the answer's
   * own watcher, reading the same answer apply it once. False when another did.
   */
  async updateTarget(jobId: string, permitId: string, pending: string | null, set: Partial<Omit<JobTargetRow, 'job_id' | 'permit_id'>>): Promise<boolean> {
    const r = await this.#db.updateTable('hub_job_targets').set(set).where('job_id', '=', jobId).where('permit_id', '=', permitId)
      .where('pending_query', pending === null ? 'is' : '=', pending).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async touchJob(id: string, at: number): Promise<void> {
    await this.#db.updateTable('hub_jobs').set({ updated_at: at }).where('id', '=', id).execute();
  }

  /** Makes a job's open targets due now (someone is watching it), unless they were polled within `minGapMs`. */
  async hurry(jobId: string, now: number, minGapMs: number): Promise<void> {
    await this.#db.updateTable('hub_job_targets').set({ next_poll_at: now }).where('job_id', '=', jobId).where('final', '=', 0)
      .where('next_poll_at', '>', now).where('updated_at', '<', now - minGapMs).execute();
  }
}
