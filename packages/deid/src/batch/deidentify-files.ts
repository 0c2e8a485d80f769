/**
 * De-identifies a list of files into an output tree on worker threads (the main thread works too), in small
 * batches each worker asks for when it is done, so slow files do not hold up the others. Every file ends
 * de-identified, held for review or rejected with a reason; used by `oncoatlas deid` and `populate`.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import type { DeidSettings } from '../settings.ts';
import { defaultJobs } from './early-workers.ts';
import { FileProcessor, partialDir } from './file-processor.ts';
import type { FileOutcome, WorkItem } from './messages.ts';
import { WorkerPool } from './worker-pool.ts';

const BATCH = 16;

export interface DeidentifyFilesOptions {
  /**
   * The inputs, or a function listing them: it is called once the worker threads have started booting, so
   * listing a large folder and starting the threads (about 60 ms each) overlap.
   */
  readonly files: readonly string[] | (() => readonly string[]);
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
  /** A folder name of this call's own under the partial files (see `partialDir`): others may write beside it. */
  readonly scratch?: string;
}

export async function deidentifyFiles(o: DeidentifyFilesOptions): Promise<FileOutcome[]> {
  const list = o.files;
  // With a list in hand no more threads start than there are batches; a listing function gets them all,
  // and a thread left without work waits idle until the end.
  const batches = typeof list === 'function' ? Infinity : Math.ceil(list.length / BATCH);
  const jobs = Math.max(1, Math.min(o.jobs ?? defaultJobs(), batches));
  const session = new FileDeidentifier({ ...o, jobs });
  try {
    return await session.run(list, o);
  } finally {
    await session.close();
  }
}

export type FileDeidentifierOptions = Pick<DeidentifyFilesOptions, 'outRoot' | 'settings' | 'jobs' | 'hashOutputs' | 'scratch'>;

/**
 * `deidentifyFiles` for many lists in a row on the same threads: `populate` de-identifies a run chunk by chunk,
 * committing each, and booting and warming up new threads for every chunk cost more than a chunk's commit.
 * The threads start when it is made; `close` stops them and empties the partial files' folder.
 */
export class FileDeidentifier {
  readonly #o: FileDeidentifierOptions;
  readonly #outRootExisted: boolean;
  readonly #processor: FileProcessor;
  readonly #pool: WorkerPool;
  #listFailed = false;

  constructor(o: FileDeidentifierOptions) {
    this.#o = o;
    this.#outRootExisted = existsSync(o.outRoot);
    // Files a killed run left half-written are discarded; everything in the output tree is complete.
    rmSync(partialDir(o.outRoot, o.scratch), { recursive: true, force: true });
    // Built before any work so bad options fail early; the main thread then works too.
    this.#processor = new FileProcessor(o.settings, o.outRoot, o.hashOutputs ?? false, o.scratch);
    this.#pool = new WorkerPool(Math.max(1, o.jobs ?? defaultJobs()) - 1, o.settings, o.outRoot, o.hashOutputs ?? false, o.scratch);
  }

  /** De-identifies `list` (or what the function lists, called once the threads are booting); outcomes in its order. */
  async run(list: DeidentifyFilesOptions['files'], o: Pick<DeidentifyFilesOptions, 'onOutcomes' | 'signal'> = {}): Promise<FileOutcome[]> {
    let files: readonly string[];
    try {
      files = typeof list === 'function' ? list() : list;
    } catch (err) {
      this.#listFailed = true;
      throw err;
    }
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
    const workersDone = this.#pool.run(take, record, () => (o.signal?.aborted ? 0 : files.length - next), BATCH);
    for (let batch = take(); batch.length > 0; batch = take()) {
      record(batch.map((item) => this.#processor.process(item)));
      await new Promise((r) => setImmediate(r));
    }
    await workersDone;
    if (next < files.length) throw oncoError('INTERRUPTED', 'De-identification was interrupted.', { files: files.length, done: next });
    return outcomes;
  }

  /** Stops the threads and removes the partial files' folder (and the output folder, when made for a listing that failed). */
  async close(): Promise<void> {
    await this.#pool.terminate();
    rmSync(partialDir(this.#o.outRoot, this.#o.scratch), { recursive: true, force: true });
    if (!this.#outRootExisted && this.#listFailed) removeEmptyTree(this.#o.outRoot);
  }
}

/** Removes `dir` and the folders under it, as long as no file is anywhere inside. */
function removeEmptyTree(dir: string): void {
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmptyTree(join(dir, e.name));
    rmdirSync(dir);
  } catch {
    // Not empty, or already gone: left as it is.
  }
}
