import { availableParallelism } from 'node:os';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { oncoError, EXIT } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import type { FileOutcome, WorkItem } from './deid-messages.ts';
import { WorkerPool } from './deid-pool.ts';
import { FileProcessor, partialDir } from './file-processor.ts';
import { buildReport, writeMappings, writeReport, type DeidReport } from './deid-report.ts';
import { listInputFiles } from './input-walk.ts';
import { startProgress } from './progress.ts';

export interface DeidRunOptions {
  readonly input: string;
  readonly output: string;
  readonly settings: DeidSettings;
  readonly report?: string;
  readonly mappingDir?: string;
  readonly jobs?: number;
  readonly progress?: boolean;
}

export interface DeidRunResult {
  readonly exitCode: number;
  readonly report: DeidReport;
}

const BATCH = 16;

function isInside(child: string, parent: string): boolean {
  const c = realOrResolved(child);
  const p = realOrResolved(parent);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * `oncoatlas deid`: every input file ends as de-identified, held for review or rejected with a reason;
 * nothing is lost and nothing identifying is printed. Work is spread over worker threads in small batches,
 * each worker asking for the next batch when it is done, so slow files do not hold up the others.
 */
export async function runDeid(o: DeidRunOptions): Promise<DeidRunResult> {
  if (isInside(o.output, o.input) || isInside(o.input, o.output)) {
    throw oncoError('USAGE', 'The output folder must not be inside the input folder, nor the input inside the output.');
  }
  if (o.mappingDir && isInside(o.mappingDir, o.output)) {
    throw oncoError('USAGE', 'The mapping folder holds original identifiers: it must be outside the output folder.');
  }
  const started = performance.now();
  const outRoot = resolve(o.output);
  // Files a killed run left half-written are discarded; everything in the output tree is complete.
  rmSync(partialDir(outRoot), { recursive: true, force: true });
  // Built before the input is listed so bad options fail early; the main thread then works too.
  const processor = new FileProcessor(o.settings, outRoot);
  const files = listInputFiles(o.input, [o.output, ...(o.mappingDir ? [o.mappingDir] : [])]);
  const jobs = Math.max(1, Math.min(o.jobs ?? Math.min(availableParallelism(), 4), Math.ceil(files.length / BATCH)));
  const pool = new WorkerPool(jobs - 1, o.settings, outRoot);
  const outcomes: FileOutcome[] = new Array(files.length);
  const progress = o.progress === false ? undefined : startProgress('deid', files.length);
  let next = 0;
  const take = (): WorkItem[] => {
    const batch: WorkItem[] = [];
    while (batch.length < BATCH && next < files.length) batch.push({ index: next, path: files[next++]! });
    return batch;
  };
  const record = (results: readonly FileOutcome[]): void => {
    for (const r of results) outcomes[r.index] = r;
    progress?.tick(results.length);
  };
  const workersDone = pool.run(take, record);
  for (let batch = take(); batch.length > 0; batch = take()) {
    record(batch.map((item) => processor.process(item)));
    await new Promise((r) => setImmediate(r));
  }
  await workersDone;
  progress?.stop();
  rmSync(partialDir(outRoot), { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;
  const report = buildReport(outcomes, o.settings, seconds);
  if (o.report) writeReport(o.report, report);
  if (o.mappingDir) writeMappings(o.mappingDir, files, outcomes);
  const exitCode = report.summary.deidentified === files.length ? EXIT.OK : EXIT.PARTIAL;
  return { exitCode, report };
}
