/**
 * `npm start`: the main job on the embedded default (SQLite, local folders). It writes a synthetic hospital
 * (`oncoatlas synth`: a PACS export with its defects, clinical tables, the cohort file and mapping, and the
 * ground truth), populates a local atlas from it (inventory, selection, de-identification with verification,
 * clinical data in the common data model with QC), creates a dataset version with the least generalisation
 * reaching k = 5, releases it, and prints where the funnel, the version and its compliance dossier are. The
 * web UI arrives with the node server. Set ONCOATLAS_DEMO_STUDIES for another size.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '@oncoatlas/cli';
import { chromiumAvailable } from '@oncoatlas/release';

const root = resolve(process.env.ONCOATLAS_DEMO_DIR ?? 'out/demo');
const hospital = join(root, 'hospital');
const studies = process.env.ONCOATLAS_DEMO_STUDIES ?? '300';
const data = join(root, 'atlas');
const secret = join(root, 'site.secret');

async function step(title: string, args: string[], okCodes: readonly number[] = [0]): Promise<void> {
  process.stdout.write(`\n== ${title}\n`);
  const code = await main(['node', 'oncoatlas', ...args]);
  if (!okCodes.includes(code)) {
    process.stderr.write(`\nThe demo stopped at "${title}" (exit ${code}).\n`);
    process.exit(code);
  }
}

mkdirSync(root, { recursive: true });
rmSync(hospital, { recursive: true, force: true });
rmSync(data, { recursive: true, force: true });
await step('A synthetic hospital (generated: never real patient data)', ['synth', hospital, '--studies', studies, '--seed', 'demo']);
if (!existsSync(secret)) await step('A site secret (keyed pseudonyms; keep it outside the atlas)', ['secret', 'new', secret]);
await step('Populate the local atlas', [
  'populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'),
  '--secret-file', secret, '--option', 'retain-safe-private', '--dates', 'shift',
]);
// A 300-study hospital needs up to 20 % of its studies suppressed to reach k = 5 (see docs/risk.md).
await step('A dataset version: manifest, clinical extract, reports, re-identification risk', [
  'dataset', 'create', '--data-dir', data, '--id', 'demo', '--title', 'Synthetic hospital, demo cohort', '--by', 'demo-steward',
  '--purpose', 'Demonstration of OncoAtlas on synthetic data', '--legal-basis', 'Not applicable: synthetic data', '--max-suppression', '0.2',
]);
const pdf = chromiumAvailable();
await step('Release it, with its compliance dossier', ['dataset', 'release', 'demo', '--data-dir', data, '--by', 'demo-steward', ...(pdf ? [] : ['--no-pdf'])]);
process.stdout.write([
  '',
  `Atlas (ledger, de-identified files, datasets): ${data}`,
  `Funnel again:        npx oncoatlas funnel --data-dir ${data}`,
  `Audit log verified:  npx oncoatlas audit verify --data-dir ${data}`,
  `Dossier:             ${join(data, 'datasets', 'demo', 'v1', pdf ? 'dossier.pdf' : 'dossier.html')}${pdf ? '' : ' (install Debian chromium for the PDF)'}`,
  '',
].join('\n'));
