/**
 * The inventory's reading of a local export on worker threads: the main thread walks the folders and records
 * what was read in the ledger, the threads open, hash and parse the files. On the 232,084-file cohort the
 * reading (open, read, SHA-256, parse, facts) was about half of the stage's single thread; the ledger's writes
 * stay on the main thread, as the database connection is there. Readings come back in the listing's order, so
 * the ledger, the summaries and the report are the same as from a reading on one thread.
 */
import { Worker } from 'node:worker_threads';
import { oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { SourceProblem } from '@oncoatlas/sources';
import type { SourcePathKeys } from '@oncoatlas/store';
import type { FileReading } from './file-reading.ts';

/** Paths per message: enough to make a message's cost small against reading them (about 60 us a file). */
const BATCH = 64;
/**
 * Batches in flight per thread: the main thread hands out work only between its own steps, and one ledger
 * commit (5,000 rows) holds it for about a tenth of a second, so each thread holds that much work (32 x 64
 * files at about 60 us) and does not run dry meanwhile.
 */
const IN_FLIGHT = 32;

export type ListedReading = { readonly path: string; readonly reading: FileReading } | SourceProblem;

type Slot = { readonly paths: string[]; readings?: FileReading[] } | { readonly problem: SourceProblem };

/**
 * Reads every file `listing` names on `threads` worker threads, each path sealed with `paths` there, yielding each reading (and each problem of the
 * listing) in the listing's order. Stops listing when `signal` is aborted.
 */
export async function* readInParallel(listing: Iterable<string | SourceProblem>, paths: SourcePathKeys, threads: number, signal?: AbortSignal): AsyncGenerator<ListedReading> {
  const url = new URL('./reader-worker-entry.js', import.meta.url);
  const workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(url, { workerData: { keys: paths.forThread() } }));
  const slots = new Map<number, Slot>();
  const inFlight = workers.map(() => 0);
  // Batches read ahead of the one the caller is at: room for every thread's batches in flight, and a bound on
  // the readings held while the ledger commits.
  const ahead = 2 * workers.length * IN_FLIGHT;
  const source = listing[Symbol.iterator]();
  let listed = 0;
  let consumed = 0;
  let exhausted = false;
  let failure: OncoAtlasError | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => { wake?.(); wake = undefined; };

  /** The next batch of paths from the listing, problems met on the way taking their own slots. */
  const list = (): { seq: number; paths: string[] } | undefined => {
    const paths: string[] = [];
    while (!exhausted && paths.length < BATCH && !signal?.aborted) {
      const next = source.next();
      if (next.done) { exhausted = true; break; }
      if (typeof next.value === 'string') paths.push(next.value);
      else if (paths.length === 0) slots.set(listed++, { problem: next.value });
      else {
        // A problem keeps its place after the paths listed before it.
        const seq = listed++;
        slots.set(seq, { paths });
        slots.set(listed++, { problem: next.value });
        return { seq, paths };
      }
    }
    if (signal?.aborted) exhausted = true;
    if (paths.length === 0) return undefined;
    const seq = listed++;
    slots.set(seq, { paths });
    return { seq, paths };
  };
  const feed = (i: number): void => {
    while (inFlight[i]! < IN_FLIGHT && listed - consumed < ahead) {
      const batch = list();
      if (!batch) break;
      inFlight[i]!++;
      workers[i]!.postMessage(batch);
    }
    notify();
  };
  workers.forEach((w, i) => {
    w.on('message', (m: { seq: number; readings: FileReading[] }) => {
      inFlight[i]!--;
      (slots.get(m.seq) as { readings?: FileReading[] }).readings = m.readings;
      feed(i);
    });
    w.on('error', (err) => { failure ??= oncoError('INTERNAL', 'An inventory reading thread failed.', {}, err); notify(); });
  });
  const feedAll = (): void => workers.forEach((_, i) => feed(i));
  try {
    // Every slot consumed makes room to list more, so a slot not yet made means the listing has ended.
    for (feedAll(); consumed < listed || !exhausted; feedAll()) {
      if (failure) throw failure;
      const slot = slots.get(consumed)!;
      if ('problem' in slot) {
        slots.delete(consumed++);
        yield slot.problem;
      } else if (slot.readings) {
        slots.delete(consumed++);
        for (let k = 0; k < slot.paths.length; k++) yield { path: slot.paths[k]!, reading: slot.readings[k]! };
      } else {
        await new Promise<void>((r) => { wake = r; });
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
