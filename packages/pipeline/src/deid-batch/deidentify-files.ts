/**
 * De-identifies a list of files into an output tree on worker threads (the main thread works too), in small
 * batches each worker asks for when it is done, so slow files do not hold up the others. Every file ends
 * de-identified, held for review or rejected with a reason; used by `oncoatlas deid` and `populate`.
 */
import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { oncoError } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import { FileProcessor, partialDir } from './file-processor.ts';
import type { FileOutcome, WorkItem } from './messages.ts';
import { WorkerPool } from './worker-pool.ts';

const BATCH = 16;

export interface DeidentifyFilesOptions {
  readonly files: readonly string[];
  /** Absolute output root. */
  readonly outRoot: string;
  readonly settings: DeidSettings;
  /** Threads in all, the main one included (default: cores, at most 4). */
  readonly jobs?: number;
  readonly onOutcomes?: (outcomes: readonly FileOutcome[]) => void;
  /** Report each output's SHA-256 in its outcome (costs a hash of every byte written). */
  readonly hashOutputs?: boolean;
  /**
   * Stops handing out files: batches in flight finish (no half-written output is kept), then INTERRUPTED is
   * thrown, as the outcomes are incomplete.
   */
  readonly signal?: AbortSignal;
}

export async function deidentifyFiles(o: DeidentifyFilesOptions): Promise<FileOutcome[]> {
  // Files a killed run left half-written are discarded; everything in the output tree is complete.
  rmSync(partialDir(o.outRoot), { recursive: true, force: true });
  // Built before any work so bad options fail early; the main thread then works too.
  const processor = new FileProcessor(o.settings, o.outRoot, o.hashOutputs ?? false);
  const files = o.files;
  const jobs = Math.max(1, Math.min(o.jobs ?? Math.min(availableParallelism(), 4), Math.ceil(files.length / BATCH)));
  const pool = new WorkerPool(jobs - 1, o.settings, o.outRoot, o.hashOutputs ?? false);
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  const take = (): WorkItem[] => {
    const batch: WorkItem[] = [];
    if (o.signal?.aborted) return batch;
    while (batch.length < BATCH && next < files.length) batch.push({ index: next, path: files[next++]! });
    return batch;
  };
  const record = (results: readonly FileOutcome[]): void => {
    for (const r of results) outcomes[r.index] = r;
    o.onOutcomes?.(results);
  };
  const workersDone = pool.run(take, record);
  for (let batch = take(); batch.length > 0; batch = take()) {
    record(batch.map((item) => processor.process(item)));
    await new Promise((r) => setImmediate(r));
  }
  await workersDone;
  rmSync(partialDir(o.outRoot), { recursive: true, force: true });
  if (next < files.length) throw oncoError('INTERRUPTED', 'De-identification was interrupted.', { files: files.length, done: next });
  return outcomes;
}
