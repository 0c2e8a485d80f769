import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { oncoError, EXIT } from '@oncoatlas/core';
import { cleansPixelData, deidentifyFiles, type DeidSettings, type FileOutcome } from '@oncoatlas/deid';
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
  // Before any file is read: Clean Pixel Data without OCR would hold every image it was asked to clean.
  const clean = cleansPixelData(o.settings.options);
  // The pipeline (OCR, stores, sources) is loaded only for Clean Pixel Data: a plain run starts in a tenth of the time.
  const pixelPass = clean ? await import('@oncoatlas/pipeline') : undefined;
  pixelPass?.requireOcr();
  const started = performance.now();
  const outRoot = resolve(o.output);
  let files: string[] = [];
  let progress: ReturnType<typeof startProgress> | undefined;
  // Listed by the batch once its worker threads are booting: the two overlap.
  const list = (): string[] => {
    files = listInputFiles(o.input, [o.output, ...(o.mappingDir ? [o.mappingDir] : [])]);
    progress = o.progress === false ? undefined : startProgress('deid', files.length);
    return files;
  };
  const outcomes = await deidentifyFiles({ files: list, outRoot, settings: o.settings, ...(o.jobs ? { jobs: o.jobs } : {}), onOutcomes: (r) => progress?.tick(r.length) });
  progress?.stop();
  const pixels = pixelPass ? await cleanHeldPixels(pixelPass, files, outcomes, outRoot, o.jobs) : undefined;
  const seconds = (performance.now() - started) / 1000;
  const report = buildReport(outcomes, o.settings, seconds, pixels);
  if (o.report) writeReport(o.report, report);
  if (o.mappingDir) writeMappings(o.mappingDir, files, outcomes);
  const exitCode = report.summary.deidentified === files.length ? EXIT.OK : EXIT.PARTIAL;
  return { exitCode, report };
}

/**
 * Clean Pixel Data: each held file, and each released one of a text-prone modality, is OCR'd from its source; a
 * released one showing an identifier is held; held ones are redacted where text was found and where their device
 * draws text, and released when OCR of the result reads none of their identifiers. Outcomes are updated to match.
 */
async function cleanHeldPixels(pipeline: typeof import('@oncoatlas/pipeline'), files: readonly string[], outcomes: FileOutcome[], outRoot: string, jobs?: number): Promise<{ scanned: number; redacted: number; held: number }> {
  const { OCR_HOLD_REASON, passHeldPixels } = pipeline;
  // A released file's modality is read from its source by the pass: only text-prone ones are OCR'd.
  const candidates = outcomes.filter((r) => r.output && (r.status === 'review' || r.status === 'deidentified'))
    .map((r) => ({ key: String(r.index), study: '', sourcePath: files[r.index]!, outputPath: r.output! }));
  const results = await passHeldPixels(candidates, { outRoot, clean: true, ...(jobs ? { jobs } : {}) });
  let redacted = 0;
  for (const p of results) {
    const i = Number(p.instance.key);
    if (p.released) {
      outcomes[i] = { ...outcomes[i]!, status: 'deidentified', reason: null, output: p.released.path, sha256: p.released.sha256 };
      redacted++;
    } else if (p.heldPath) {
      outcomes[i] = { ...outcomes[i]!, status: 'review', reason: OCR_HOLD_REASON, output: p.heldPath };
    }
  }
  return { scanned: results.length, redacted, held: outcomes.filter((r) => r.status === 'review').length };
}
