import { Worker } from 'node:worker_threads';
import { oncoError } from '@oncoatlas/core';
import type { DeidSettings } from '../settings.ts';
import type { FileOutcome, WorkItem } from './messages.ts';

/**
 * Worker threads that start booting as soon as the pool is made (about 50 ms each with a warm compile
 * cache), so they are ready by the time the input has been listed. Each keeps two batches in flight, so it
 * never waits for the main thread, which processes batches of its own in between.
 */
export class WorkerPool {
  private readonly workers: Worker[];

  constructor(size: number, settings: DeidSettings, outRoot: string, hashOutputs: boolean, scratch?: string) {
    const url = new URL('./worker-entry.js', import.meta.url);
    // A larger young generation: each file leaves short-lived views behind, and fewer scavenges pay off.
    this.workers = Array.from({ length: size }, () => new Worker(url, { workerData: { settings, outRoot, hashOutputs, scratch }, resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  }

  /** Stops every thread (when the work cannot start). */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Feeds every worker from `take` until it returns an empty batch; resolves when all results are in. */
  run(take: () => WorkItem[], record: (results: readonly FileOutcome[]) => void): Promise<void> {
    return Promise.all(this.workers.map((w) => new Promise<void>((done, fail) => {
      let inFlight = 0;
      const feed = (): void => {
        const batch = take();
        if (batch.length > 0) {
          inFlight++;
          w.postMessage(batch);
        } else if (inFlight === 0) {
          // Every result is in: nothing to wait for while the thread shuts down.
          void w.terminate();
          done();
        }
      };
      w.on('message', (results: FileOutcome[]) => {
        inFlight--;
        record(results);
        feed();
      });
      w.on('error', (err) => fail(oncoError('INTERNAL', 'A de-identification worker failed.', {}, err)));
      feed();
      feed();
    }))).then(() => undefined);
  }
}
