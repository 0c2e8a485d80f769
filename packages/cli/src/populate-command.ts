/**
 * `oncoatlas populate` and `oncoatlas funnel`: the population pipeline over a data directory, and the report
 * a hospital gives of it (identified -> integrated, every rejection with its reason). Counts and study keys
 * only: nothing printed names a patient.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '@oncoatlas/core';
import {
  CLINICAL_REPORT, clinicalReportMissing, funnelLines, funnelOf, lastPopulateRun, populate, unfinishedRunNote, type ClinicalStageReport, type PopulateProgress,
} from '@oncoatlas/pipeline';
import { sourceAt } from '@oncoatlas/sources';
import { readCohort } from './cohort-file.ts';
import { dataDirOptions, withLedger, type DataDirOptions } from './data-dir-options.ts';
import { interruptible } from './interrupt.ts';
import { addDeidFlags, deidSettingsFrom, type DeidFlagValues } from './deid-flags.ts';
import { checkDataDirModes } from './file-modes.ts';
import { addDistributeFlags, distributeOf, type DistributeFlagValues } from './distribute-flags.ts';
import { parseJobs } from './jobs.ts';
import { startCounter, startProgress } from './progress.ts';

interface PopulateFlags extends DeidFlagValues, DistributeFlagValues {
  dataDir: string;
  source: string;
  cohort?: string;
  clinical?: string;
  database?: string;
  jobs?: string;
  json?: boolean;
  progress: boolean;
  strict?: boolean;
}

/**
 * OCR runs between the de-identify bar's chunks, while that bar is still on screen: a line of its own every ten
 * seconds and at the end (the bar redraws below it), rather than a second bar fighting the first for the line.
 */
function ocrLines(stream: NodeJS.WriteStream = process.stderr): { tick(n?: number): void; stop(): void } {
  let [done, last] = [0, Date.now()];
  const say = (): void => { stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}burned-in text: ${done.toLocaleString('en-GB')} images read by OCR\n`); };
  return {
    tick(n = 1) {
      done += n;
      if (Date.now() - last >= 10_000) { last = Date.now(); say(); }
    },
    stop() { if (done > 0) say(); },
  };
}

function progressFor(f: PopulateFlags): PopulateProgress | undefined {
  if (!f.progress || f.json) return undefined;
  return {
    stage(name, total) {
      if (name === 'ocr') return ocrLines();
      if (total === undefined) {
        const c = startCounter(name);
        let n = 0;
        return { tick: (k = 1) => { n += k; c.update(`${n.toLocaleString('en-GB')} files`); }, stop: () => c.stop(`${n.toLocaleString('en-GB')} files`) };
      }
      return startProgress(name, total, name === 'select' ? 'studies' : name === 'clinical' ? 'exports' : 'files');
    },
  };
}

export function registerPopulateCommands(program: Command, setExit: (code: number) => void): void {
  addDistributeFlags(addDeidFlags(program.command('populate')
    .description('Inventory, select, de-identify and verify every study of a source, and harmonise its clinical data, into a data directory, with a ledger entry for each.')
    .requiredOption('--data-dir <dir>', 'data directory: ledger (atlas.sqlite), de-identified output'))
    .requiredOption('--source <location>', 'folder export, DICOMDIR file, or DICOMweb root URL')
    .option('--cohort <file>', 'cohort rules and clinical column mapping (JSON; oncoatlas synth writes one)')
    .option('--clinical <file>', 'clinical patients table, instead of the one the cohort file names')
    .option('--database <url>', 'postgres://... to keep the ledger in PostgreSQL instead of SQLite')
    .option('--jobs <n>', 'worker threads (default: cores, at most 4)')
    .option('--json', 'print the funnel as JSON')
    .option('--no-progress', 'no progress bars')
    .option('--strict', 'refuse to run when folders or files of the data directory can be read by other users (default: warn)'))
    .action(async (f: PopulateFlags) => {
      // First of all: a mistyped --source must leave no data directory or empty ledger behind (populate checks
      // it too, for the API; here it also comes before anything the command itself makes in the data directory).
      sourceAt(f.source);
      const { config, dir, file } = readCohort(f);
      const jobs = parseJobs(f.jobs);
      const progress = progressFor(f);
      const distribute = distributeOf(f);
      // Before any file is read: under --strict an exposed data directory gets nothing new written into it.
      for (const w of checkDataDirModes(resolve(f.dataDir), { strict: f.strict ?? false })) process.stderr.write(`warning: ${w}\n`);
      // Prints the secret file's own permission warnings (deidSettingsFrom).
      const settings = deidSettingsFrom(f);
      // Ctrl-C stops at the next commit and populate throws INTERRUPTED saying what is kept (exit 130).
      const r = await interruptible((signal) => populate({
        dataDir: f.dataDir, source: f.source, cohort: config, cohortDir: dir, ...(file ? { cohortFile: file } : {}), settings,
        ...(f.database ? { database: f.database } : {}), ...(jobs ? { jobs } : {}), ...(progress ? { progress } : {}), ...(distribute ? { distribute } : {}), signal,
      }), 'populate');
      if (f.json) process.stdout.write(`${JSON.stringify({ ...r.funnel, files: r.files, rejectedFiles: r.rejectedFiles, seconds: r.seconds, notes: r.notes })}\n`);
      else {
        const s = r.seconds;
        process.stdout.write([
          `Read ${r.files.toLocaleString('en-GB')} files (${r.rejectedFiles.toLocaleString('en-GB')} not usable) in ${s.inventory.toFixed(1)} s; selected in ${s.select.toFixed(1)} s; de-identified in ${s.deidentify.toFixed(1)} s; clinical data harmonised and checked in ${s.clinical.toFixed(1)} s.`,
          ...funnelLines(r.funnel),
          ...r.notes.map((n) => `note: ${n}`),
          `Ledger and output: ${f.database ? 'the PostgreSQL database' : resolve(f.dataDir)}; oncoatlas funnel --data-dir ${f.dataDir} shows this again.`,
        ].join('\n') + '\n');
      }
      setExit(r.funnel.pending > 0 ? EXIT.PARTIAL : EXIT.OK);
    });

  dataDirOptions(program.command('qc')
    .description('The clinical quality report of the last populate run: counts per check, pseudonymised examples, never a value.'))
    .action(async (f: DataDirOptions) => {
      const { report, note } = await withLedger(f, async (l) => {
        const found = await l.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
        if (!found) throw await clinicalReportMissing(l);
        return { report: found, note: unfinishedRunNote(await lastPopulateRun(l), found.run) };
      });
      const { formatQcReport } = await import('@oncoatlas/clinical');
      if (note) process.stderr.write(`note: ${note}\n`);
      process.stdout.write(f.json ? `${JSON.stringify(report.body.qc)}\n` : `${formatQcReport(report.body.qc)}\n(run ${report.run ?? '?'}, ${report.createdAt})\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(program.command('funnel')
    .description('Where every study identified ended, and why: identified -> integrated, rejections by reason.'))
    .action(async (f: DataDirOptions) => {
      const funnel = await withLedger(f, (l) => funnelOf(l));
      process.stdout.write(f.json ? `${JSON.stringify(funnel)}\n` : `${funnelLines(funnel).join('\n')}\n`);
      setExit(EXIT.OK);
    });
}
