/**
 * The study work queue: per-study jobs on pg-boss in the store's PostgreSQL database, for `oncoatlas worker`
 * processes on any number of machines. Jobs are enqueued in the caller's ledger transaction (they exist
 * exactly when the ledger rows that need them do), run at least once, retried with backoff, and dead-lettered
 * with an error code after the last retry. The embedded SQLite default never loads any of this.
 */
import type { Transaction } from 'kysely';
// Types only: pg-boss is loaded when a queue is opened, so the embedded SQLite default never loads it.
import type { fromKysely as FromKysely, Job, JobResult, PgBoss } from 'pg-boss';
import { normalizeError, oncoError, type ErrorCode, type OncoAtlasError } from '@oncoatlas/core';
import { describePostgres, resolveDatabaseTarget, withoutPassword } from '../database-target.ts';
import {
  DEFAULT_QUEUE_SETTINGS, MONITOR_INTERVAL_SECONDS, PGBOSS_SCHEMA, pgBossQueueOptions, POLLING_INTERVAL_SECONDS,
  STUDY_DEAD_LETTER_QUEUE, STUDY_QUEUE, type QueueSettings,
} from './queue-settings.ts';
import { checkStudyJob, studyJobId, studyJobOf, type StudyJob, type StudyJobHandler } from './study-job.ts';

/** pg-boss's schema in the store's database, beside the ledger's tables. */
/** As for the store's own pool: a firewalled host otherwise hangs for minutes. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a graceful stop waits for running handlers before failing them back to the queue. */
const GRACEFUL_STOP_MS = 60_000;

export interface StudyQueueOptions {
  /** The store's PostgreSQL URL (`postgres://user[:password]@host[:port]/database`). */
  readonly database: string;
  /** Shortened settings for tests; production leaves them to the documented constants. */
  readonly settings?: Partial<QueueSettings>;
  /** How often this process's pg-boss monitor fails expired or heartbeat-less jobs (default 30 s, minimum 1). */
  readonly monitorIntervalSeconds?: number;
  /** How often an idle worker asks for a job (default 2 s, minimum 0.5). */
  readonly pollingIntervalSeconds?: number;
  /**
   * The most connections pg-boss opens (default 3: a fetch, a completion and the monitor at once; its own default
   * of 10 per process exhausts the server's max_connections with a few dozen workers).
   */
  readonly maxConnections?: number;
  /** pg-boss's background errors (a lost connection it will retry), as typed errors without identifiers. */
  readonly onError?: (err: OncoAtlasError) => void;
}

export interface StudyJobCounts {
  /** Waiting for a worker (pg-boss state `created`). */
  readonly queued: number;
  readonly active: number;
  /** Failed at least once, waiting for their next attempt. */
  readonly retry: number;
  /** Failed after the last retry (each also sits in the dead-letter queue). */
  readonly failed: number;
  readonly completed: number;
}

export interface DeadLetter extends StudyJob {
  /** The error code of the last attempt; QUEUE_WORKER_LOST when the worker died or timed out holding it. */
  readonly code: string;
  /** When the job reached the dead-letter queue. */
  readonly deadAt: string;
}

export class StudyQueue {
  readonly #boss: PgBoss;
  readonly #fromKysely: typeof FromKysely;
  readonly #pollingIntervalSeconds: number;
  #working = false;
  #workId: string | undefined;

  private constructor(boss: PgBoss, fromKysely: typeof FromKysely, pollingIntervalSeconds: number) {
    this.#boss = boss;
    this.#fromKysely = fromKysely;
    this.#pollingIntervalSeconds = pollingIntervalSeconds;
  }

  /**
   * Connects, installs or upgrades pg-boss's schema (under its advisory lock: several workers may start
   * together), and creates the queue and its dead-letter queue if they do not exist yet.
   *
   * @example
   * const queue = await StudyQueue.open({ database: 'postgres://atlas@db/atlas' });
   * await store.db.transaction().execute(async (trx) => { ...ledger writes...; await queue.enqueue(trx, jobs); });
   */
  static async open(options: StudyQueueOptions): Promise<StudyQueue> {
    const target = resolveDatabaseTarget({ database: options.database });
    if (target.engine !== 'postgres') {
      throw oncoError(
        'QUEUE_REQUIRES_POSTGRES',
        'The study work queue needs PostgreSQL: the embedded SQLite default runs the whole pipeline in one process and needs no queue. ' +
          'To scale out, populate into PostgreSQL (--database postgres://user@host/db) and start oncoatlas worker --database postgres://... ' +
          'on each machine sharing that database and the storage (docs/scale-out.md).',
      );
    }
    const settings: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
    const polling = options.pollingIntervalSeconds ?? POLLING_INTERVAL_SECONDS;
    const { PgBoss, fromKysely } = await import('pg-boss');
    const boss = new PgBoss({
      connectionString: target.url,
      schema: PGBOSS_SCHEMA,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'oncoatlas-queue',
      max: options.maxConnections ?? 3,
      // The supervise timer wakes the monitor, which then runs at most once per monitor interval: a dead
      // worker's job is failed within the longer of the two, so both follow the one setting.
      monitorIntervalSeconds: options.monitorIntervalSeconds ?? MONITOR_INTERVAL_SECONDS,
      superviseIntervalSeconds: options.monitorIntervalSeconds ?? MONITOR_INTERVAL_SECONDS,
      // No cron schedules and no trace context in jobs: nothing of ours uses them.
      schedule: false,
      openTelemetry: { enabled: false },
    });
    // An EventEmitter without an 'error' listener ends the process on the first lost connection;
    // pg-boss retries by itself, so a caller only hears about it.
    boss.on('error', (err) => options.onError?.(queueError(err, describePostgres(target))));
    try {
      await boss.start();
      await ensureQueue(boss, STUDY_DEAD_LETTER_QUEUE, pgBossQueueOptions(settings));
      await ensureQueue(boss, STUDY_QUEUE, { ...pgBossQueueOptions(settings), deadLetter: STUDY_DEAD_LETTER_QUEUE });
    } catch (err) {
      await boss.stop({ graceful: false }).catch(() => {});
      throw queueError(err, describePostgres(target), target.url);
    }
    return new StudyQueue(boss, fromKysely, polling);
  }

  /**
   * Enqueues jobs inside the caller's Kysely transaction on the same database: they are visible to workers
   * when it commits and gone if it rolls back. A job already enqueued (same run, stage and study) is not
   * enqueued again, whether it is waiting, running, done or dead.
   *
   * @example
   * await store.db.transaction().execute(async (trx) => queue.enqueue(trx, [{ study, run, stage: 'deidentify' }]));
   */
  async enqueue<DB>(trx: Transaction<DB>, jobs: readonly StudyJob[]): Promise<void> {
    if (jobs.length === 0) return;
    // pg-boss refuses a batch naming one id twice; across batches and transactions the id makes it a no-op.
    const rows = new Map<string, { id: string; data: StudyJob }>();
    for (const j of jobs) {
      const job = checkStudyJob(j);
      const id = studyJobId(job);
      rows.set(id, { id, data: job });
    }
    await this.#boss.insert(STUDY_QUEUE, [...rows.values()], { db: this.#fromKysely(trx) });
  }

  /**
   * Runs `handler` on up to `concurrency` jobs at a time in this process, one job per fetch (a study is
   * work enough; a batch would hold studies another worker could be running). Returns once the worker is
   * polling; `stop` ends it. A handler's error fails the attempt with the error's code only: its message
   * may name a file, and pg-boss keeps a failed job's output in its tables.
   */
  async work(handler: StudyJobHandler, options: { readonly concurrency: number }): Promise<void> {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw oncoError('USAGE', 'A worker\'s concurrency must be a whole number of at least 1.');
    }
    if (this.#working) throw oncoError('USAGE', 'This study queue is already working; open another one for another worker.');
    this.#working = true;
    this.#workId = await this.#boss.work<StudyJob>(
      STUDY_QUEUE,
      { batchSize: 1, localConcurrency: options.concurrency, pollingIntervalSeconds: this.#pollingIntervalSeconds, perJobResults: true },
      async (jobs) => {
        const results = await Promise.all(jobs.map((job) => runOne(job, handler)));
        this.#fetchAgainAtOnce();
        return results;
      },
    );
  }

  /**
   * pg-boss waits a polling interval after every fetch unless its burst mode is on, which is off at one job
   * per fetch: without this, each slot would run at most one study per interval. A worker told to fetch
   * while it works skips its next wait; one sleeping fetches now. Once the queue is empty, each finished
   * job costs at most `concurrency` empty fetches, and the slots go back to polling.
   */
  #fetchAgainAtOnce(): void {
    for (const w of this.#boss.getWipData()) if (w.workId === this.#workId) this.#boss.notifyWorker(w.id);
  }

  /**
   * Jobs of a run by state, counted now from pg-boss's job table. Not `getQueueStats()`: that is per queue
   * (no run filter) and a cached snapshot (up to an hour old unless forced), while a funnel needs this
   * run's counts as they are. Completed jobs are counted until pg-boss deletes them (7 days after).
   */
  async counts(run: number): Promise<StudyJobCounts> {
    const { rows } = await this.#boss.getDb().executeSql(
      `select state::text as state, count(*)::int as n from ${PGBOSS_SCHEMA}.job
        where name = $1 and data->>'run' = $2 group by state`,
      [STUDY_QUEUE, String(run)],
    );
    const n = new Map<string, number>((rows as { state: string; n: number }[]).map((r) => [r.state, Number(r.n)]));
    return {
      queued: n.get('created') ?? 0,
      active: n.get('active') ?? 0,
      retry: n.get('retry') ?? 0,
      failed: n.get('failed') ?? 0,
      completed: n.get('completed') ?? 0,
    };
  }

  /**
   * The jobs of a run that failed after their last retry (each also in the dead-letter queue), with the last
   * attempt's error code: the coordinator of the run records these studies as rejected with that code.
   */
  async failedJobs(run: number): Promise<(StudyJob & { code: string })[]> {
    const { rows } = await this.#boss.getDb().executeSql(
      `select data, output from ${PGBOSS_SCHEMA}.job where name = $1 and state = 'failed' and data->>'run' = $2 order by id`,
      [STUDY_QUEUE, String(run)],
    );
    return (rows as { data: unknown; output: unknown }[]).flatMap((r) => {
      const job = studyJobOf(r.data);
      return job ? [{ ...job, code: errorCodeOf(r.output) }] : [];
    });
  }

  /** Dead jobs, oldest first: study key, run, stage and the last error's code (never a message). */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const dead = await this.#boss.findJobs<StudyJob>(STUDY_DEAD_LETTER_QUEUE, { limit });
    const out: DeadLetter[] = [];
    for (const job of dead) {
      const payload = studyJobOf(job.data);
      if (payload === undefined) continue;
      out.push({ ...payload, code: errorCodeOf(job.sourceOutput), deadAt: new Date(job.createdOn).toISOString() });
    }
    return out;
  }

  /**
   * Stops taking jobs. Graceful (the default) waits up to a minute for running handlers to finish, then
   * fails what is still running back to the queue for another worker; not graceful does that at once.
   */
  async stop(options: { readonly graceful?: boolean; readonly timeoutMs?: number } = {}): Promise<void> {
    await this.#boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? GRACEFUL_STOP_MS, close: true });
  }
}

async function runOne(job: Job<StudyJob>, handler: StudyJobHandler): Promise<JobResult> {
  const payload = studyJobOf(job.data);
  if (payload === undefined) return { id: job.id, status: 'deadletter', output: { code: 'CONFIG_INVALID' } };
  try {
    await handler({ ...payload, id: job.id, attempt: job.retryCount + 1, signal: job.signal });
    return { id: job.id, status: 'completed' };
  } catch (err) {
    return { id: job.id, status: 'failed', output: { code: normalizeError(err).code } };
  }
}

/** createQueue is idempotent but keeps an existing queue's settings; updateQueue brings them to this release's. */
async function ensureQueue(boss: PgBoss, name: string, options: ReturnType<typeof pgBossQueueOptions> & { deadLetter?: string }): Promise<void> {
  if ((await boss.getQueue(name)) === null) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (err) {
      // Another worker starting at the same moment created it first.
      if ((await boss.getQueue(name)) === null) throw err;
    }
  }
  await boss.updateQueue(name, options);
}

/** A job's last output as an error code; pg-boss's own failures (expiry, heartbeat, stop) carry none. */
function errorCodeOf(output: unknown): string {
  const o = output as { code?: unknown; value?: { code?: unknown } } | null | undefined;
  const code = o?.code ?? o?.value?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : ('QUEUE_WORKER_LOST' satisfies ErrorCode);
}

function queueError(err: unknown, where: string, url?: string): OncoAtlasError {
  const reason = withoutPassword(url, err instanceof Error ? err.message : String(err));
  return oncoError(
    'QUEUE_UNAVAILABLE',
    `The study work queue at ${where} is unavailable (${reason}): check that PostgreSQL is running and reachable, ` +
      'and that the user in --database may create the schema pgboss in that database.',
    { where },
    err,
  );
}

