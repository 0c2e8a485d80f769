/**
 * `oncoatlas inventory --source S`: "know your data" before anything leaves the PACS. Prints counts and
 * attribute names only (no value, no path, no UID), so its output can go into a DPIA.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT } from '@oncoatlas/core';
import { inventoryHtml, runInventory, type Counts, type InventoryReport } from '@oncoatlas/pipeline';
import { sourceAt } from '@oncoatlas/sources';
import { startCounter } from './progress.ts';

interface InventoryFlags {
  source: string;
  json?: boolean;
  html?: string;
  progress: boolean;
}

const top = (c: Counts, n = 6): string => Object.entries(c).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toLocaleString('en-GB')}`).join(', ') || 'none';
const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;

export function summaryLines(r: InventoryReport): string[] {
  const rejected = Object.values(r.rejectedFiles).reduce((a, b) => a + b, 0);
  return [
    `${r.files.toLocaleString('en-GB')} files (${mb(r.bytes)}): ${r.instances.toLocaleString('en-GB')} instances in ${r.studies.toLocaleString('en-GB')} studies of ${r.patients.toLocaleString('en-GB')} patients.`,
    // Said so the funnel's "identified" (the same number) is not read as a disagreement with the readable studies.
    ...(r.unreadableStudies ? [`  ${r.unreadableStudies.toLocaleString('en-GB')} of the studies have no readable file (populate rejects them as no_readable_instances)`] : []),
    `  modalities: ${top(r.byModality, 12)}`,
    `  manufacturers: ${top(r.byManufacturer)}`,
    `  body parts: ${top(r.byBodyPart)}`,
    `  years: ${Object.entries(r.byYear).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([y, n]) => `${y} ${n.toLocaleString('en-GB')}`).join(', ') || 'none'}`,
    `  rejected files: ${rejected}${rejected ? ` (${top(r.rejectedFiles)})` : ''}`,
    `  duplicates: ${r.duplicates.identical} identical, ${r.duplicates.conflicting} with different content`,
    `  conflicting demographics: ${r.conflictingDemographics.patients} patients (${r.conflictingDemographics.studies} studies)`,
    `  burned-in text: ${r.burnedIn.declaredYes} instances declare it, ${r.burnedIn.undeclaredRisky} at risk without saying; ${r.burnedIn.studiesAtRisk} studies affected`,
    `  identifying attributes holding values: ${Object.keys(r.identifyingAttributes).length} kinds (most common: ${top(r.identifyingAttributes, 8)})`,
    `  private creators: ${Object.keys(r.privateCreators).length} (${top(r.privateCreators, 5)})`,
    `  no declared character set: ${r.withoutCharacterSet} instances`,
    `  estimated de-identified output: ${mb(r.estimatedOutputBytes)}`,
  ];
}

export function registerInventoryCommand(program: Command, setExit: (code: number) => void): void {
  program.command('inventory')
    .description('Know your data: what a PACS export holds, where identifiers hide, what is corrupt (counts only).')
    .requiredOption('--source <location>', 'folder export, DICOMDIR file, or DICOMweb root URL')
    .option('--json', 'print the full report as JSON')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--no-progress', 'no progress line')
    .action(async (f: InventoryFlags) => {
      const counter = f.progress && !f.json ? startCounter('inventory') : undefined;
      const started = performance.now();
      const report = await runInventory(sourceAt(f.source), (n) => counter?.update(`${n.toLocaleString('en-GB')} files`));
      counter?.stop(`${report.files.toLocaleString('en-GB')} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (f.html) writeFileSync(f.html, inventoryHtml(report));
      if (f.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`${[...summaryLines(report), ...(f.html ? [`HTML report: ${f.html}`] : [])].join('\n')}\n`);
      setExit(EXIT.OK);
    });
}
