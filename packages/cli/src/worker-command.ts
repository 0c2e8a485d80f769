/**
 * `oncoatlas worker --database postgres://... --concurrency N`: one of any number of processes, on any machines
 * sharing the PostgreSQL database and the storage, that run the pipeline's per-study jobs from the study work
 * queue (docs/scale-out.md). The embedded default (SQLite, one process) needs no worker.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, normalizeError, oncoError } from '@oncoatlas/core';
import { studyJobHandlers, type StudyJobOutcome } from '@oncoatlas/pipeline';
import {
  describePostgres, dispatchByStage, openSourcePaths, openStore, parseQueueTimings, resolveDatabaseTarget, StudyLedger, StudyQueue,
  type QueueTimings, type StudyHandlers, type StudyJobHandler, type StudyQueueOptions,
} from '@oncoatlas/store';
import { readSiteSecret } from './secret.ts';

interface WorkerFlags { database: string; concurrency: string; dataDir: string; secretFile: string; siteId?: string }

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

/** ONCOATLAS_QUEUE_TIMINGS (docs/scale-out.md), the one place a process reads it: the same for populate and every worker. */
export function queueTimingsOption(): { timings?: QueueTimings } {
  const timings = parseQueueTimings(process.env.ONCOATLAS_QUEUE_TIMINGS);
  return timings ? { timings } : {};
}

/** How often a worker prints what it has done (counts only). */
const SUMMARY_MS = 30_000;

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

/**
 * The worker's handlers over its own store connection and the site secret's keys: the secret unlocks the
 * ledger's sealed source paths and keys every pseudonym (checked against each run's record before any file).
 */
async function openHandlers(f: WorkerFlags, write: (line: string) => void): Promise<{ handlers: StudyHandlers; close: () => Promise<void> }> {
  // Before the secret or the store: on SQLite the answer is how to scale out, not a store opened for nothing.
  if (resolveDatabaseTarget({ database: f.database }).engine !== 'postgres') await (await StudyQueue.open({ database: f.database })).stop();
  const secret = readSiteSecret(f.secretFile);
  for (const w of secret.warnings) process.stderr.write(`warning: ${w}\n`);
  const dataDir = resolve(f.dataDir);
  // A worker's share of the server's connections: its group commit needs one, the jobs' reads a few.
  const store = await openStore({ dataDir, database: f.database, maxConnections: 4 });
  try {
    const paths = await openSourcePaths(store, secret.bytes);
    const done = new Map<StudyJobOutcome, number>();
    let since = Date.now();
    const handlers = studyJobHandlers({
      ledger: new StudyLedger(store.db), paths, dataDir, secret: secret.bytes, ...(f.siteId !== undefined ? { siteId: f.siteId } : {}),
      onJob: (_job, outcome) => {
        done.set(outcome, (done.get(outcome) ?? 0) + 1);
        if (Date.now() - since < SUMMARY_MS) return;
        since = Date.now();
        write(`studies so far: ${[...done].map(([k, n]) => `${n} ${k}`).join(', ')}`);
      },
    });
    return { handlers, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}

export function registerWorkerCommand(program: Command, setExit: (code: number) => void): void {
  program.command('worker')
    .description('Run per-study pipeline jobs from the PostgreSQL work queue (scale-out: any number of workers on machines sharing the database and the data directory).')
    .requiredOption('--database <url>', 'postgres://user[:password]@host[:port]/database, the database populate uses')
    .requiredOption('--data-dir <dir>', 'the data directory populate writes (shared storage: every worker and populate see the same folder)')
    .requiredOption('--secret-file <file>', 'the site secret populate was started with')
    .option('--site-id <id>', 'the --site-id populate was started with (EUCAIM profile)')
    .option('--concurrency <n>', 'studies this worker takes at once (fetched together, de-identified one after the other on one CPU, committed together)', '8')
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
      const write = (line: string): void => { process.stdout.write(`${line}\n`); };
      const { handlers, close } = await openHandlers(f, write);
      try {
        const { timings } = queueTimingsOption();
        await runWorker({ database: f.database, concurrency, handlers, stop: stop.signal, write, ...(timings ? { queue: timings } : {}) });
      } finally {
        await close();
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
      }
      setExit(EXIT.OK);
    });
}
