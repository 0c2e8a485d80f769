/**
 * What a study job is, its deterministic id, and the registry of handlers a worker runs by pipeline stage.
 * A job's payload names a study by its key (a digest, never a UID), a run by its ledger number and a stage:
 * nothing in it identifies a patient, so pg-boss's tables and the dead-letter list may show it.
 */
import { createHash } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';
import { STAGES, type Stage } from '../schema.ts';
import { STUDY_QUEUE } from './queue-settings.ts';

/** One study at one stage of one run. */
export interface StudyJob {
  /** The ledger's study key (`st-` + hex digest of the Study Instance UID). */
  readonly study: string;
  /** The ledger's run id. */
  readonly run: number;
  readonly stage: Stage;
}

/** What a handler is given for one attempt of a job. */
export interface StudyJobContext extends StudyJob {
  /** The pg-boss job id, the same for every attempt (`studyJobId`). */
  readonly id: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** Aborted when the worker stops without waiting, or pg-boss gives the attempt up (expiry). */
  readonly signal: AbortSignal;
}

/**
 * Handles one attempt. Resolving completes the job; throwing fails the attempt, which is retried with
 * backoff and dead-lettered after the last retry with the error's code. It must be idempotent: after a
 * worker dies mid-job the next attempt finds whatever the dead one left.
 */
export type StudyJobHandler = (job: StudyJobContext) => Promise<void>;

/** The handlers a worker runs, by stage; a stage without one is failed with QUEUE_NO_HANDLER. */
export type StudyHandlers = Partial<Record<Stage, StudyJobHandler>>;

/**
 * One handler that runs each job by the handler of its stage.
 *
 * @example
 * await queue.work(dispatchByStage({ deidentify: (job) => deidentifyStudy(job) }), { concurrency: 4 });
 */
export function dispatchByStage(handlers: StudyHandlers): StudyJobHandler {
  return async (job) => {
    const handler = handlers[job.stage];
    if (handler === undefined) {
      throw oncoError(
        'QUEUE_NO_HANDLER',
        `This worker has no handler for the stage '${job.stage}' (it handles: ${Object.keys(handlers).join(', ') || 'none'}); run the same OncoAtlas version on every worker.`,
        { stage: job.stage, run: job.run },
      );
    }
    await handler(job);
  };
}

/**
 * The job id of (run, stage, study): the same on every call, so enqueueing a study twice (a populate run
 * resumed, or repeated) inserts it once: pg-boss inserts with ON CONFLICT DO NOTHING on the id. A UUIDv8
 * (RFC 9562, custom) made of the first 122 bits of a SHA-256 of the queue's name and the three fields.
 *
 * @example studyJobId({ run: 3, stage: 'deidentify', study: 'st-0123456789abcdef0123' }) // '…-…-8…-…-…'
 */
export function studyJobId(job: StudyJob): string {
  const h = createHash('sha256').update(`${STUDY_QUEUE}\0${job.run}\0${job.stage}\0${job.study}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Checks a job before it is enqueued: a bad payload would only fail later, on some worker. */
export function checkStudyJob(job: StudyJob): StudyJob {
  if (typeof job.study !== 'string' || !/^[\w-]{1,128}$/.test(job.study)) {
    throw oncoError('CONFIG_INVALID', 'A study job needs the study\'s ledger key (letters, digits, - and _).');
  }
  if (!Number.isSafeInteger(job.run) || job.run < 0) throw oncoError('CONFIG_INVALID', 'A study job needs the run\'s ledger id (a whole number).');
  if (!(STAGES as readonly string[]).includes(job.stage)) {
    throw oncoError('CONFIG_INVALID', `A study job's stage must be one of ${STAGES.join(', ')}.`, { stage: String(job.stage) });
  }
  return { study: job.study, run: job.run, stage: job.stage };
}

/** Reads a job's payload back; anything else in pg-boss's table under our queue's name is not ours. */
export function studyJobOf(data: unknown): StudyJob | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { study, run, stage } = data as Record<string, unknown>;
  if (typeof study !== 'string' || typeof run !== 'number' || typeof stage !== 'string') return undefined;
  if (!(STAGES as readonly string[]).includes(stage)) return undefined;
  return { study, run, stage: stage as Stage };
}
