import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '@oncoatlas/testkit';
import { openStore, type Store } from '../open-store.ts';
import type { StudyJob } from './study-job.ts';
import { StudyQueue, type StudyQueueOptions } from './study-queue.ts';

const suite = 'StudyQueue on PostgreSQL';
const database = await createTestDatabase(suite);

/** Retries within seconds so the dead-letter test stays short; the production constants are minutes. */
const fast = (db: string): StudyQueueOptions => ({
  database: db,
  settings: { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true, retryDelayMaxSeconds: 2, heartbeatSeconds: 10, expireInSeconds: 60 },
  monitorIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
});

const jobsOf = (run: number, n: number): StudyJob[] =>
  Array.from({ length: n }, (_, i) => ({ study: `st-${String(i).padStart(20, '0')}`, run, stage: 'deidentify' as const }));

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (database !== undefined) {
  let store: Store;
  let queue: StudyQueue;
  const opened: StudyQueue[] = [];
  after(async () => {
    await Promise.all(opened.map((q) => q.stop({ graceful: false }).catch(() => {})));
    await store?.close();
  });

  test(`${suite}: enqueued in a transaction that rolls back, no job; committed twice, one job per study`, async () => {
    store = await openStore({ database });
    queue = await StudyQueue.open(fast(database));
    opened.push(queue);
    const jobs = jobsOf(1, 3);
    await assert.rejects(store.db.transaction().execute(async (trx) => {
      await queue.enqueue(trx, jobs);
      throw new Error('roll back');
    }), /roll back/);
    assert.deepEqual(await queue.counts(1), { queued: 0, active: 0, retry: 0, failed: 0, completed: 0 });

    await store.db.transaction().execute((trx) => queue.enqueue(trx, jobs));
    await store.db.transaction().execute((trx) => queue.enqueue(trx, [...jobs, ...jobs]));
    assert.equal((await queue.counts(1)).queued, 3);
    assert.equal((await queue.counts(2)).queued, 0, 'counts are per run');
  });

  test(`${suite}: two workers with concurrency 2 run 200 jobs each exactly once to completion`, async () => {
    await sql`create table done_jobs (job_id uuid not null, worker int not null)`.execute(store.db);
    const jobs = jobsOf(2, 200);
    await store.db.transaction().execute((trx) => queue.enqueue(trx, jobs));
    const workers = [queue, await StudyQueue.open(fast(database))];
    opened.push(workers[1]!);
    const started = Date.now();
    await Promise.all(workers.map((w, worker) => w.work(async (job) => {
      if (job.run !== 2) return;
      await new Promise((r) => setTimeout(r, 5));
      await sql`insert into done_jobs (job_id, worker) values (${job.id}, ${worker})`.execute(store.db);
    }, { concurrency: 2 })));
    await until('200 completions', async () => (await queue.counts(2)).completed + (await queue.counts(1)).completed >= 203, 45_000);
    const { rows } = await sql<{ n: number; distinct_ids: number; by_both: number }>`
      select count(*)::int as n, count(distinct job_id)::int as distinct_ids, count(distinct worker)::int as by_both from done_jobs`.execute(store.db);
    assert.equal(rows[0]!.n, 200, 'no job ran twice');
    assert.equal(rows[0]!.distinct_ids, 200, 'no job is missing');
    assert.equal(rows[0]!.by_both, 2, 'both workers took jobs');
    assert.deepEqual(await queue.counts(2), { queued: 0, active: 0, retry: 0, failed: 0, completed: 200 });
    process.stderr.write(`# 200 jobs on 2 workers x 2 in ${Date.now() - started} ms\n`);
  });

  test(`${suite}: a failing job is retried with backoff, then dead-lettered with its error code`, async () => {
    // The previous test's workers would complete run 3 at once: stop them first.
    await Promise.all(opened.map((w) => w.stop({ graceful: true, timeoutMs: 5000 })));
    const q = await StudyQueue.open(fast(database));
    opened.push(q);
    const attempts: { attempt: number; at: number }[] = [];
    const failing = async (job: { run: number; attempt: number }): Promise<void> => {
      if (job.run !== 3) return;
      attempts.push({ attempt: job.attempt, at: Date.now() });
      const err = new Error('a file under /secret/Patient^Name could not be read') as Error & { code: string };
      err.code = 'EACCES';
      throw err;
    };
    await q.work(failing, { concurrency: 1 });
    await store.db.transaction().execute((trx) => q.enqueue(trx, [{ study: 'st-dead', run: 3, stage: 'deidentify' }]));
    await until('the dead letter', async () => (await q.deadLetters()).length > 0, 30_000);
    assert.deepEqual((await q.deadLetters()).map(({ deadAt: _, ...d }) => d), [{ study: 'st-dead', run: 3, stage: 'deidentify', code: 'IO_FAILED' }]);
    assert.deepEqual(attempts.map((a) => a.attempt), [1, 2, 3], 'one attempt and two retries');
    for (let i = 1; i < attempts.length; i++) assert.ok(attempts[i]!.at - attempts[i - 1]!.at >= 900, 'each retry waits its delay');
    assert.deepEqual(await q.counts(3), { queued: 0, active: 0, retry: 0, failed: 1, completed: 0 });
    const { rows } = await sql<{ output: string }>`select output::text as output from pgboss.job where data->>'run' = '3'`.execute(store.db);
    assert.ok(rows.every((r) => !r.output?.includes('Patient')), 'no message text is kept in pg-boss\'s tables');
  });
}
