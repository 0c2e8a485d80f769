import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { oncoError, EXIT } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import { deidentifyFiles } from '@oncoatlas/pipeline';
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
  const files = listInputFiles(o.input, [o.output, ...(o.mappingDir ? [o.mappingDir] : [])]);
  const progress = o.progress === false ? undefined : startProgress('deid', files.length);
  const outcomes = await deidentifyFiles({ files, outRoot, settings: o.settings, ...(o.jobs ? { jobs: o.jobs } : {}), onOutcomes: (r) => progress?.tick(r.length) });
  progress?.stop();
  const seconds = (performance.now() - started) / 1000;
  const report = buildReport(outcomes, o.settings, seconds);
  if (o.report) writeReport(o.report, report);
  if (o.mappingDir) writeMappings(o.mappingDir, files, outcomes);
  const exitCode = report.summary.deidentified === files.length ? EXIT.OK : EXIT.PARTIAL;
  return { exitCode, report };
}
