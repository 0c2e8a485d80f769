/**
 * Jobs run in the node's sandbox and their outputs. A job changes state only from the state the caller saw
 * (compare-and-set on `state`), so two runners never both claim a queued job and a review never races the run.
 */
import type { Kysely } from 'kysely';
import type { Database, JobOutputRow, JobRow, JobState } from './schema.ts';

export type JobPatch = Partial<Omit<JobRow, 'id' | 'permit_id' | 'submitted_at'>>;

export interface JobFilter {
  readonly state?: JobState;
  readonly hubJob?: string;
  readonly submittedBy?: string;
}

export class JobStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async addJob(row: JobRow): Promise<void> {
    await this.#db.insertInto('jobs').values(row).execute();
  }

  job(id: string): Promise<JobRow | undefined> {
    return this.#db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first. */
  jobs(f: JobFilter = {}): Promise<JobRow[]> {
    let q = this.#db.selectFrom('jobs').selectAll();
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    if (f.hubJob !== undefined) q = q.where('hub_job', '=', f.hubJob);
    if (f.submittedBy !== undefined) q = q.where('submitted_by', '=', f.submittedBy);
    return q.orderBy('submitted_at', 'desc').orderBy('id').execute();
  }

  /** Changes a job that is in state `from`; false when it is not (any more). */
  async updateJob(id: string, from: JobState, patch: JobPatch): Promise<boolean> {
    const r = await this.#db.updateTable('jobs').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Moves the oldest queued job to running and returns it; undefined when none is queued. */
  async claimQueued(at: string): Promise<JobRow | undefined> {
    for (;;) {
      const next = await this.#db.selectFrom('jobs').select('id').where('state', '=', 'queued').orderBy('submitted_at').orderBy('id').limit(1).executeTakeFirst();
      if (!next) return undefined;
      // Another runner may have claimed it between the read and this write: then try the next one.
      if (await this.updateJob(next.id, 'queued', { state: 'running', started_at: at })) return this.job(next.id);
    }
  }

  /** Replaces a job's outputs. */
  async putOutputs(jobId: string, rows: readonly JobOutputRow[]): Promise<void> {
    await this.#db.deleteFrom('job_outputs').where('job_id', '=', jobId).execute();
    if (rows.length > 0) await this.#db.insertInto('job_outputs').values([...rows]).execute();
  }

  outputs(jobId: string): Promise<JobOutputRow[]> {
    return this.#db.selectFrom('job_outputs').selectAll().where('job_id', '=', jobId).orderBy('path').execute();
  }

  async releaseOutputs(jobId: string, paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.#db.updateTable('job_outputs').set({ released: 1 }).where('job_id', '=', jobId).where('path', 'in', [...paths]).execute();
  }
}
