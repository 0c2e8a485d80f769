/**
 * The `oncoatlas deid` command, on its own so that `bin/oncoatlas.js deid` can build a program of this command
 * alone (deid-main.ts) without loading the modules of every other command (servers, stores, the release).
 */
import type { Command } from 'commander';
import { addDeidFlags, deidSettingsFrom, type DeidFlagValues } from './deid-flags.ts';
import { parseJobs } from './jobs.ts';
import { runDeid } from './deid-run.ts';

interface DeidFlags extends DeidFlagValues {
  report?: string;
  mapping?: string;
  jobs?: string;
  json?: boolean;
  progress: boolean;
}

async function deidCommand(input: string, output: string, f: DeidFlags): Promise<number> {
  const settings = deidSettingsFrom(f, f.mapping !== undefined);
  const { exitCode, report } = await runDeid({
    input, output, settings, report: f.report, mappingDir: f.mapping, jobs: parseJobs(f.jobs),
    progress: f.progress && !f.json,
  });
  const s = report.summary;
  if (f.json) {
    process.stdout.write(`${JSON.stringify({ output, report: f.report ?? null, summary: s })}\n`);
    return exitCode;
  }
  const rate = s.seconds > 0 ? Math.round(s.files / s.seconds) : s.files;
  const lines = [`De-identified ${s.deidentified} of ${s.files} files into ${output} (${s.seconds} s, ${rate} files/s).`];
  if (s.cleanPixelData) lines.push(`  burned-in text (Clean Pixel Data): ${s.cleanPixelData.scanned} held images OCR'd, ${s.cleanPixelData.redacted} redacted and released, ${s.cleanPixelData.held} left held`);
  if (s.review) lines.push(`  held for review (possible burned-in text): ${s.review}, in ${output}/_review`);
  if (s.rejected) lines.push(`  rejected: ${s.rejected}`);
  for (const [code, n] of Object.entries(s.reasons)) if (code !== 'DEID_BURNED_IN_RISK') lines.push(`    ${code}: ${n}`);
  if (f.report) lines.push(`Report: ${f.report}`);
  if (f.mapping) lines.push(`Mapping tables (local only, keep inside the hospital): ${f.mapping}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCode;
}

export function registerDeidCommand(program: Command, setExit: (code: number) => void): void {
  addDeidFlags(program.command('deid')
    .description('De-identify a folder of DICOM files (PS3.15 Annex E basic profile, or the EUCAIM CTP profile).')
    .argument('<in>', 'input file or folder (searched recursively)')
    .argument('<out>', 'output folder: PATIENT/STUDY/SERIES/INSTANCE.dcm, held files under _review/'))
    .option('--report <file>', 'write a JSON report: one entry per input file, no identifiers')
    .option('--mapping <dir>', 'write local-only re-link tables (uid_mapping.csv, patid_mapping.csv) outside <out>')
    .option('--jobs <n>', 'worker threads (default: cores, at most 4)')
    .option('--json', 'print the summary as one JSON line')
    .option('--no-progress', 'no progress bar')
    .action(async (input: string, output: string, flags: DeidFlags) => setExit(await deidCommand(input, output, flags)));
}
