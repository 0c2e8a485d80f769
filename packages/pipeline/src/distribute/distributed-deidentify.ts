/**
 * The de-identify stage of `populate --distribute`: the studies waiting for it are jobs on the PostgreSQL study
 * queue (enqueued by the select stage in its own transactions, and here for retries), run by `oncoatlas worker`
 * processes on any machine sharing the database and the data directory, and by this process too unless told
 * not to. This waits until every job of the run has finished, showing progress across all workers, and records a
 * study whose job failed after its last retry as rejected with the job's error code, so every study ends
 * integrated, in review or rejected with a reason; a later run retries those that failed for a passing reason.
 */
import { appendAuditEvents, type StudyTransition } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import { dispatchByStage, type QueueTimings, type StudyJob, type StudyQueue } from '@oncoatlas/store';
import { mayRetry } from '../populate/deid-retry.ts';
import { PIPELINE_ACTOR } from '../populate/audit-trail.ts';
import type { DeidStageOptions, DeidStageResult } from '../populate/deidentify-stage.ts';
import { ocrEngine } from '../pixels/pixel-scan.ts';
import { studyJobHandlers } from './study-job-handlers.ts';
import type { WorkerSecrets } from './run-settings.ts';

/** How populate runs its de-identify stage through the queue. */
export interface DistributeOptions {
  /** Studies this process de-identifies at once beside the workers; 0: only enqueue and wait. */
  readonly localConcurrency: number;
  /** Give up (QUEUE_WAIT_TIMEOUT) when no job of the run finished for this long; default 30 minutes. */
  readonly idleSeconds?: number;
  /** How often the queue is asked for the run's counts (default 1 s). */
  readonly pollMs?: number;
  /** The queue's timings when not the documented defaults (ONCOATLAS_QUEUE_TIMINGS). */
  readonly timings?: QueueTimings;
}

const ENQUEUE_BATCH = 500;

/** A study the de-identify stage still has to do (or may retry): the one definition the enqueue and the wait share. */
export const waitsForDeidentify = (s: { stage: string; status: string; reason: string | null; attempts: number }): boolean =>
  (s.stage === 'select' && s.status === 'done') || mayRetry(s as Parameters<typeof mayRetry>[0]);

export async function distributedDeidentify(o: DeidStageOptions & { readonly queue: StudyQueue; readonly distribute: DistributeOptions; readonly secrets: WorkerSecrets; readonly dataDir: string }): Promise<DeidStageResult> {
  const studies = await o.ledger.allStudies();
  const waiting = studies.filter(waitsForDeidentify);
  // Already enqueued by the select stage for this run: a no-op for those (the job id is per run and study).
  for (let i = 0; i < waiting.length; i += ENQUEUE_BATCH) {
    const jobs: StudyJob[] = waiting.slice(i, i + ENQUEUE_BATCH).map((s) => ({ study: s.study_key, run: o.run, stage: 'deidentify' }));
    await o.ledger.transaction((l) => l.enqueueJobs(o.queue, jobs));
  }
  const instancesOf = new Map(waiting.map((s) => [s.study_key, s.instances]));
  o.onStart?.([...instancesOf.values()].reduce((a, b) => a + b, 0));
  if (o.distribute.localConcurrency > 0) {
    const handlers = studyJobHandlers({ ledger: o.ledger, paths: o.paths, dataDir: o.dataDir, ...o.secrets, now: o.now });
    await o.queue.work(dispatchByStage(handlers), { concurrency: o.distribute.localConcurrency });
  }
  await waitForRun(o, instancesOf);
  await rejectFailed(o);
  const after = await o.ledger.allStudies();
  const touched = after.filter((s) => instancesOf.has(s.study_key) && s.stage === 'deidentify');
  return {
    integrated: touched.filter((s) => s.status === 'done').length,
    review: touched.filter((s) => s.status === 'review').length,
    rejected: touched.filter((s) => s.status === 'rejected').length,
    ocr: ocrEngine(),
  };
}

/** Until no job of the run is queued, running or waiting for a retry; ticks the files of the studies finished. */
async function waitForRun(o: DeidStageOptions & { readonly queue: StudyQueue; readonly distribute: DistributeOptions }, instancesOf: Map<string, number>): Promise<void> {
  const idleMs = (o.distribute.idleSeconds ?? 1800) * 1000;
  const pollMs = o.distribute.pollMs ?? 1000;
  let [settled, lastChange, ticked] = [-1, Date.now(), 0];
  for (;;) {
    if (o.signal?.aborted) throw oncoError('INTERRUPTED', 'The run was interrupted; its study jobs stay queued for the workers.');
    const c = await o.queue.counts(o.run);
    const done = c.completed + c.failed;
    if (done !== settled) [settled, lastChange] = [done, Date.now()];
    // Progress in files, as the one-process stage shows it: those of the studies no longer waiting.
    const remaining = (await o.ledger.allStudies()).filter((s) => instancesOf.has(s.study_key) && waitsForDeidentifyNow(s)).reduce((n, s) => n + (instancesOf.get(s.study_key) ?? 0), 0);
    const filesDone = [...instancesOf.values()].reduce((a, b) => a + b, 0) - remaining;
    if (filesDone > ticked) { o.onFiles?.(filesDone - ticked); ticked = filesDone; }
    if (c.queued + c.active + c.retry === 0) return;
    if (Date.now() - lastChange > idleMs) {
      throw oncoError('QUEUE_WAIT_TIMEOUT',
        `No study job of run ${o.run} finished for ${Math.round(idleMs / 1000)} s (${c.queued} queued, ${c.active} running, ${c.retry} waiting to retry): start oncoatlas worker on a machine sharing the database and the data directory, then run the same command again.`,
        { run: o.run, queued: c.queued, active: c.active, retry: c.retry });
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Still waiting, as the wait sees it: a retry candidate counts as finished once its attempt was recorded. */
const waitsForDeidentifyNow = (s: { stage: string; status: string }): boolean => s.stage === 'select' && s.status === 'done';

/**
 * The studies whose job failed after its last retry and that no other job finished since: rejected
 * `deidentification_failed`, their waiting instances rejected with the job's error code (a passing one, such as
 * QUEUE_WORKER_LOST, lets a later run try again).
 */
async function rejectFailed(o: DeidStageOptions & { readonly queue: StudyQueue }): Promise<void> {
  const failed = await o.queue.failedJobs(o.run);
  if (failed.length === 0) return;
  await o.ledger.transaction(async (l) => {
    const at = o.now();
    const transitions: StudyTransition[] = [];
    for (const job of failed) {
      const row = await l.lockStudy(job.study);
      if (row === undefined || !waitsForDeidentify(row)) continue;
      const open = (await l.instancesOfStudy(job.study)).filter((i) => i.status !== 'rejected' || i.reason === 'IO_FAILED' || i.reason === 'INTERNAL');
      await l.setInstanceOutcomes(open.map((i) => ({ source_key: i.source_key, status: 'rejected' as const, reason: job.code, output_path: null, output_sha256: null, updated_at: at })));
      await l.setStudy(job.study, { stage: 'deidentify', status: 'rejected', reason: 'deidentification_failed', output_hash: null, attempts: row.attempts + 1, updated_at: at });
      transitions.push({ study: job.study, status: 'rejected', reason: 'deidentification_failed' });
    }
    if (transitions.length > 0) await appendAuditEvents(l, [{ at, actor: PIPELINE_ACTOR, event: { type: 'STUDIES_TRANSITIONED', run: o.run, stage: 'deidentify', studies: transitions } }]);
  });
}
