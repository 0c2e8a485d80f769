import type { Worker } from 'node:worker_threads';
import { oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { DeidSettings } from '../settings.ts';
import { takeDeidWorkers } from './early-workers.ts';
import type { FileOutcome, WorkerInit, WorkItem } from './messages.ts';

/**
 * Batches a thread may hold at most (1,536 files, about 150 ms of the cohort's files): more than the main thread
 * is busy between handing out work, whose longest step is a populate chunk's commit (about 125 ms on the
 * 12,484-study cohort, with opening the next chunk's paths about 27 ms and a scavenge about 8 ms). With six a
 * populate run's worker was idle about a fifth of the time (its event loop's utilisation, second by second);
 * the stage took 12.4-13.1 s with six, 11.3-11.8 s with 32 and 10.8-11.2 s with 96, interleaved runs.
 */
const MAX_IN_FLIGHT = 96;

/**
 * How many batches a thread may hold now: its share of the files not yet handed out, so that a deep queue
 * does not leave the other threads waiting for its tail when the list runs out (each run ends together).
 */
function depth(remaining: number, batch: number, threads: number): number {
  return Math.max(1, Math.min(MAX_IN_FLIGHT, Math.ceil(remaining / batch / threads)));
}

/** What one run hands the threads: where batches come from and where their outcomes go. */
interface PoolRun {
  readonly take: () => WorkItem[];
  /** Files not yet handed out, and the batch size they are handed out in. */
  readonly remaining: () => number;
  readonly batch: number;
  readonly record: (results: readonly FileOutcome[]) => void;
  readonly done: () => void;
  readonly fail: (err: OncoAtlasError) => void;
  /** Batches sent and not yet answered, per worker. */
  readonly inFlight: number[];
  /** Workers that found no more work and have nothing in flight. */
  readonly finished: boolean[];
}

/**
 * Worker threads that start booting as soon as the pool is made, or earlier (early-workers.ts), so they are
 * ready by the time the input has been listed. Each keeps several batches in flight, so it
 * does not wait for the main thread, which processes batches of its own in between. The threads serve one run
 * after another until the pool is closed: a populate run de-identifies chunk after chunk on the same warm
 * threads instead of booting and warming up new ones for every chunk.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private current: PoolRun | undefined;
  private broken: OncoAtlasError | undefined;

  constructor(size: number, settings: DeidSettings, outRoot: string, hashOutputs: boolean, scratch?: string) {
    const init: WorkerInit = { settings, outRoot, hashOutputs, ...(scratch === undefined ? {} : { scratch }) };
    this.workers = takeDeidWorkers(size).map((w, i) => {
      // The first message sets the thread up; a thread started early has been loading its modules meanwhile.
      w.postMessage(init);
      w.on('message', (results: FileOutcome[]) => {
        const run = this.current;
        if (!run) return;
        run.inFlight[i]!--;
        run.record(results);
        this.feed(run, i);
      });
      w.on('error', (err) => {
        this.broken = oncoError('INTERNAL', 'A de-identification worker failed.', {}, err);
        this.current?.fail(this.broken);
      });
      return w;
    });
  }

  /** Stops every thread. */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Feeds every worker from `take` until it returns an empty batch; resolves when all results are in. `remaining`
   * and `batch` size each thread's queue (see depth); the main thread, which takes from the same list, counts as
   * one of the threads sharing it.
   */
  run(take: () => WorkItem[], record: (results: readonly FileOutcome[]) => void, remaining: () => number, batch: number): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.workers.length === 0) return Promise.resolve();
    return new Promise<void>((done, fail) => {
      const run: PoolRun = { take, record, remaining, batch, done, fail, inFlight: this.workers.map(() => 0), finished: this.workers.map(() => false) };
      this.current = run;
      for (const [i, w] of this.workers.entries()) {
        w.ref();
        this.feed(run, i);
      }
    }).finally(() => {
      this.current = undefined;
      for (const w of this.workers) w.unref();
    });
  }

  private feed(run: PoolRun, i: number): void {
    while (run.inFlight[i]! < depth(run.remaining(), run.batch, this.workers.length + 1)) {
      const batch = run.take();
      if (batch.length === 0) break;
      run.inFlight[i]!++;
      this.workers[i]!.postMessage(batch);
    }
    if (run.inFlight[i] === 0 && !run.finished[i]) {
      run.finished[i] = true;
      // Every result is in.
      if (run.finished.every(Boolean)) run.done();
    }
  }
}
