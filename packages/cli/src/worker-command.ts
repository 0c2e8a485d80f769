/**
 * `oncoatlas worker --database postgres://... --concurrency N`: one of any number of processes, on any machines
 * sharing the PostgreSQL database and the storage, that run the pipeline's per-study jobs from the study work
 * queue (docs/scale-out.md). The embedded default (SQLite, one process) needs no worker.
 */
import type { Command } from 'commander';
import { EXIT, normalizeError, oncoError } from '@oncoatlas/core';
import {
  describePostgres, dispatchByStage, resolveDatabaseTarget, StudyQueue,
  type StudyHandlers, type StudyJobHandler, type StudyQueueOptions,
} from '@oncoatlas/store';

interface WorkerFlags { database: string; concurrency: string }

export interface WorkerOptions {
  readonly database: string;
  readonly concurrency: number;
  /** What the worker runs, by stage. */
  readonly handlers: StudyHandlers;
  /** Aborted: stop taking jobs and let the running ones finish (up to a minute, then they go back to the queue). */
  readonly stop: AbortSignal;
  readonly write: (line: string) => void;
  /** Shorter queue timings for tests. */
  readonly queue?: Omit<StudyQueueOptions, 'database' | 'onError'>;
}

/**
 * The handlers `oncoatlas worker` runs. Per-study de-identification on workers comes with the populate wiring
 * (next); until then a deidentify job fails with QUEUE_NO_HANDLER and stays in the dead-letter queue for redrive.
 */
export const DEFAULT_WORKER_HANDLERS: StudyHandlers = {
  deidentify: () => {
    throw oncoError('QUEUE_NO_HANDLER', 'This worker cannot de-identify a study yet: per-study de-identification on workers comes with the populate wiring.', { stage: 'deidentify' });
  },
};

/** `--concurrency N`: studies one worker runs at once. */
export function parseConcurrency(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw oncoError('USAGE', '--concurrency takes a whole number from 1 to 256.');
  return n;
}

/**
 * Runs a worker until `stop` is aborted; resolves once it has stopped. An unreachable database rejects with
 * QUEUE_UNAVAILABLE (an SQLite one with QUEUE_REQUIRES_POSTGRES) before any job is taken.
 *
 * @example
 * await runWorker({ database, concurrency: 4, handlers: { deidentify }, stop: controller.signal, write: console.log });
 */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const target = resolveDatabaseTarget({ database: o.database });
  const queue = await StudyQueue.open({
    ...o.queue,
    database: o.database,
    onError: (err) => o.write(`warning ${err.code}: ${err.message}`),
  });
  const stages = Object.keys(o.handlers);
  // The study key, run and stage are what the funnel shows too; an error's message may name a file, its code does not.
  const dispatch = dispatchByStage(o.handlers);
  const logged: StudyJobHandler = async (job) => {
    try {
      await dispatch(job);
    } catch (err) {
      o.write(`study ${job.study} (run ${job.run}, ${job.stage}) attempt ${job.attempt} failed: ${normalizeError(err).code}`);
      throw err;
    }
  };
  try {
    await queue.work(logged, { concurrency: o.concurrency });
    const where = target.engine === 'postgres' ? describePostgres(target) : 'SQLite';
    o.write(`Worker on PostgreSQL ${where}: up to ${o.concurrency} studies at a time (stages: ${stages.join(', ') || 'none'}). SIGTERM or Ctrl-C stops it after the studies it is running.`);
    await new Promise<void>((resolve) => {
      if (o.stop.aborted) resolve();
      o.stop.addEventListener('abort', () => resolve(), { once: true });
    });
    o.write('Stopping: taking no more jobs; the running ones finish (up to a minute) or go back to the queue. Ctrl-C again stops at once.');
  } finally {
    await queue.stop({ graceful: true });
  }
  o.write('Worker stopped.');
}

export function registerWorkerCommand(program: Command, setExit: (code: number) => void, handlers: StudyHandlers = DEFAULT_WORKER_HANDLERS): void {
  program.command('worker')
    .description('Run per-study pipeline jobs from the PostgreSQL work queue (scale-out: any number of workers on machines sharing the database and storage).')
    .requiredOption('--database <url>', 'postgres://user[:password]@host[:port]/database, the database populate uses')
    .option('--concurrency <n>', 'studies this worker runs at once', '2')
    .action(async (f: WorkerFlags) => {
      const concurrency = parseConcurrency(f.concurrency);
      const stop = new AbortController();
      const on = (signal: NodeJS.Signals): void => {
        if (!stop.signal.aborted) return stop.abort();
        // The jobs it holds stay active until their heartbeat lapses, then go to another worker: as after kill -9.
        process.stderr.write(`Stopped at once (${signal}): the studies this worker was running are retried by another worker within about two minutes.\n`);
        process.exit(EXIT.INTERRUPTED);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
      try {
        await runWorker({ database: f.database, concurrency, handlers, stop: stop.signal, write: (line) => process.stdout.write(`${line}\n`) });
      } finally {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
      }
      setExit(EXIT.OK);
    });
}
