import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeFor, normalizeError } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import { addDeidFlags, deidSettingsFrom, type DeidFlagValues } from './deid-flags.ts';
import { parseJobs } from './jobs.ts';
import { runDeid } from './deid-run.ts';
import { createSiteSecret } from './secret.ts';
import { registerInventoryCommand } from './inventory-command.ts';
import { registerPopulateCommands } from './populate-command.ts';
import { registerPullCommand } from './pull-command.ts';
import { registerReceiveCommand } from './receive-command.ts';
import { registerAuditCommands } from './audit-command.ts';
import { registerReviewCommands } from './review-command.ts';
import { registerDatasetCommands } from './dataset-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerCatalogueCommands } from './catalogue-command.ts';
import { registerSynthCommand } from './synth-command.ts';
import { registerHubCommands } from './hub-command.ts';
import { registerNodeCommands } from './node-command.ts';
import { registerAgreementsCommands } from './agreements-command.ts';
import { registerPermitsCommands } from './permits-command.ts';
import { registerJobCommands } from './job-command.ts';
import { registerToolsCommands } from './tools-command.ts';
import { registerWorkerCommand } from './worker-command.ts';

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

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('oncoatlas')
    .description('Populate a federated cancer imaging atlas from a hospital: de-identify, verify, publish.')
    .version(ONCOATLAS_VERSION)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });

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

  const secret = program.command('secret').description('Manage the site secret that keys pseudonyms.');
  secret.command('new')
    .argument('<file>', 'where to write the secret (owner-readable only)')
    .description('Create a new random site secret. Keep it outside the output and back it up: pseudonyms depend on it.')
    .action((file: string) => {
      createSiteSecret(file);
      process.stdout.write(`Wrote a new site secret to ${file} (mode 600). Back it up: the same secret gives the same pseudonyms.\n`);
      setExit(EXIT.OK);
    });
  registerSynthCommand(program, setExit);
  registerHubCommands(program, setExit);
  registerNodeCommands(program, setExit);
  registerPullCommand(program, setExit);
  registerReceiveCommand(program, setExit);
  registerInventoryCommand(program, setExit);
  registerPopulateCommands(program, setExit);
  registerReviewCommands(program, setExit);
  registerDatasetCommands(program, setExit);
  registerServeCommand(program, setExit);
  registerCatalogueCommands(program, setExit);
  registerAgreementsCommands(program, setExit);
  registerPermitsCommands(program, setExit);
  registerJobCommands(program, setExit);
  registerToolsCommands(program, setExit);
  registerAuditCommands(program, setExit);
  registerWorkerCommand(program, setExit);
  return program;
}

/** Runs the CLI; returns the exit code. Errors print as `error CODE: message` without a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const e = normalizeError(err);
    process.stderr.write(`error ${e.code}: ${e.message}\n  (what to do: docs/errors.md, code ${e.code})\n`);
    if (process.env.ONCOATLAS_DEBUG && e.cause) process.stderr.write(`${String((e.cause as Error).stack ?? e.cause)}\n`);
    return exitCodeFor(e);
  }
}
