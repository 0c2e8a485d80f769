import { Option, type Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { generateHospital, REFERENCE_COHORT_STUDIES, type PixelSize } from '@oncoatlas/synth';
import { startProgress } from './progress.ts';

interface SynthFlags {
  studies: string;
  seed: string;
  pixels: PixelSize;
  force?: boolean;
  json?: boolean;
  progress: boolean;
}

function parseStudies(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw oncoError('USAGE', '--studies takes a whole number from 1 to 1000000.');
  return n;
}

export function registerSynthCommand(program: Command, setExit: (code: number) => void): void {
  program.command('synth')
    .description('Write a reproducible synthetic hospital: a PACS export, clinical tables and truth.json (no real patient data).')
    .argument('<out>', 'output folder (new or empty): pacs/, clinical/, truth.json')
    .option('--studies <n>', 'number of studies (default: the reference cohort)', String(REFERENCE_COHORT_STUDIES))
    .option('--seed <s>', 'seed: the same seed and size give byte-identical output', '1')
    .addOption(new Option('--pixels <size>', 'pixel matrix: small (tiny, for the full cohort), text (small, but ultrasound and screen captures full size with burned-in text) or realistic (512x512 CT...)').choices(['small', 'text', 'realistic']).default('small'))
    .option('--force', 'replace an earlier synthetic hospital in <out>')
    .option('--json', 'print the summary as one JSON line')
    .option('--no-progress', 'no progress bar')
    .action((out: string, f: SynthFlags) => {
      const studies = parseStudies(f.studies);
      const progress = f.progress && !f.json ? startProgress('synth', studies, 'studies') : undefined;
      const started = performance.now();
      const truth = generateHospital({ out, studies, seed: f.seed, pixels: f.pixels, force: f.force ?? false, onProgress: () => progress?.tick() });
      progress?.stop();
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const s = truth.summary;
      if (f.json) {
        process.stdout.write(`${JSON.stringify({ out, seconds, summary: s })}\n`);
      } else {
        const reasons = Object.entries(s.byReason).filter(([, n]) => n > 0).map(([r, n]) => `    ${r}: ${n}`);
        process.stdout.write([
          `Wrote a synthetic hospital of ${s.studies} studies (${s.patients} patients, ${s.files} files, ${Math.round(s.bytes / 1e6)} MB) into ${out} in ${seconds} s.`,
          `  a correct pipeline integrates ${s.integrated} and rejects ${s.rejected}:`,
          ...reasons,
          `  clinical tables: ${s.clinicalOnlyPatients} patients with a record but no images, ${s.clinicalDuplicateRows} duplicate rows`,
          `  ground truth: ${out}/truth.json`,
        ].join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });
}
