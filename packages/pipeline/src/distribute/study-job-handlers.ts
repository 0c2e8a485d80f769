/**
 * What `oncoatlas worker` runs for a study job: the de-identify stage for its study, exactly as the one-process
 * run does it for a chunk (deidentifyChunk), committed with its audit event in one transaction. Idempotent on
 * the ledger: a job whose study is no longer waiting (done by an earlier attempt that died before pg-boss heard
 * of it, or by a later run) does nothing and completes; one run twice at once commits once (the claim at commit).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SourcePathKeys, StudyHandlers, StudyJobContext, StudyLedger } from '@oncoatlas/store';
import { isProcessAlive } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import { deidentifyChunk, studyWork, type StudyWork } from '../populate/deidentify-stage.ts';
import { workerSettings, type WorkerSecrets } from './run-settings.ts';

export interface StudyWorkerContext extends WorkerSecrets {
  readonly ledger: StudyLedger;
  /** Opens the sealed source paths (the site secret's keys). */
  readonly paths: SourcePathKeys;
  /** The data directory every worker and the populate run share (its `deidentified/` output root). */
  readonly dataDir: string;
  readonly now?: () => string;
  /** Called after each job with what it did (counts only). */
  readonly onJob?: (job: StudyJobContext, outcome: StudyJobOutcome) => void;
}

/** What one job did: de-identified the study (and how it ended), or found nothing to do. */
export type StudyJobOutcome = 'integrated' | 'review' | 'rejected' | 'nothing to do' | 'superseded';

/**
 * The handlers of every stage a worker runs. The jobs a worker runs at once (its concurrency) are committed
 * together: each job reads its study's work, then joins the group the next chunk takes, which de-identifies
 * their files one after the other and commits them in one transaction (group commit). A job resolves when
 * its study's outcome is committed. A commit per study would cost more than the study's work on the small
 * studies of a screening archive; batches stay bounded by the concurrency.
 *
 * @example
 * await queue.work(dispatchByStage(studyJobHandlers({ ledger, paths, dataDir, secret })), { concurrency: 8 });
 */
export function studyJobHandlers(ctx: StudyWorkerContext): StudyHandlers {
  const settingsOfRun = new Map<number, DeidSettings>();
  const settingsOf = async (run: number): Promise<DeidSettings> => {
    let s = settingsOfRun.get(run);
    if (s === undefined) {
      const row = await ctx.ledger.run(run);
      s = workerSettings(row ? JSON.parse(row.options_json) as Record<string, unknown> : {}, ctx, run);
      settingsOfRun.set(run, s);
    }
    return s;
  };
  const groups = new Map<number, GroupCommit>();
  clearDeadScratch(join(ctx.dataDir, 'deidentified'));
  return {
    deidentify: async (job) => {
      const settings = await settingsOf(job.run);
      const row = await ctx.ledger.study(job.study);
      const work = row ? await studyWork(ctx.ledger, ctx.paths, row) : null;
      let outcome: StudyJobOutcome = 'nothing to do';
      if (work !== null) {
        let group = groups.get(job.run);
        if (group === undefined) groups.set(job.run, group = new GroupCommit(ctx, job.run, settings));
        outcome = await group.add(work);
      }
      ctx.onJob?.(job, outcome);
    },
  };
}

interface Waiting { readonly work: StudyWork; resolve(o: StudyJobOutcome): void; reject(err: unknown): void }

/** The studies of one run waiting to be de-identified and committed together; one chunk at a time. */
class GroupCommit {
  readonly #waiting: Waiting[] = [];
  #running = false;
  readonly #ctx: StudyWorkerContext;
  readonly #run: number;
  readonly #settings: DeidSettings;

  constructor(ctx: StudyWorkerContext, run: number, settings: DeidSettings) {
    [this.#ctx, this.#run, this.#settings] = [ctx, run, settings];
  }

  add(work: StudyWork): Promise<StudyJobOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ work, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#running || this.#waiting.length === 0) return;
    this.#running = true;
    // After the current turn: jobs fetched together join one chunk.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting.splice(0);
    try {
      const r = await deidentifyChunk({
        ledger: this.#ctx.ledger, paths: this.#ctx.paths, run: this.#run, outRoot: join(this.#ctx.dataDir, 'deidentified'), settings: this.#settings,
        now: this.#ctx.now ?? ((): string => new Date().toISOString()), jobs: 1,
        scratch: scratchName(),
      }, batch.map((b) => b.work), true);
      for (const b of batch) b.resolve(r.ended.get(b.work.study) ?? 'superseded');
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.#running = false;
      this.#next();
    }
  }
}

/** This process's partial-files folder: other workers write into the same output root at the same time. */
const scratchName = (pid = process.pid): string => `worker-${hostname()}-${pid}`;

/** The partial files of workers on this host that died (kill -9) before clearing them: nobody else will. */
function clearDeadScratch(outRoot: string): void {
  const partial = join(outRoot, '.partial');
  if (!existsSync(partial)) return;
  const mine = new RegExp(`^worker-${hostname().replace(/[^\w-]/g, '\\$&')}-(\\d+)$`);
  for (const name of readdirSync(partial)) {
    const pid = Number(mine.exec(name)?.[1] ?? NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) rmSync(join(partial, name), { recursive: true, force: true });
  }
}

/** Names this process in a worker's start-up line: host and pid, nothing of the data. */
export const workerName = (): string => `${hostname()}:${process.pid}`;
