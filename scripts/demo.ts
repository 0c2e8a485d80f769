/**
 * `npm start`: the main job on the embedded default. For now it writes a synthetic hospital (`oncoatlas synth`:
 * a PACS export with its defects, clinical tables, and the ground truth), de-identifies the PACS export with the
 * basic profile and prints where the result, the report and the local-only mapping are. The full atlas demo
 * (pipeline, catalogue, UI) arrives with the pipeline. Set ONCOATLAS_DEMO_STUDIES for another size.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '@oncoatlas/cli';

const root = resolve(process.env.ONCOATLAS_DEMO_DIR ?? 'out/demo');
const hospital = join(root, 'hospital');
const input = join(hospital, 'pacs');
const studies = process.env.ONCOATLAS_DEMO_STUDIES ?? '300';
const output = join(root, 'deidentified');
const secret = join(root, 'site.secret');
const report = join(root, 'deid-report.json');
const mapping = join(root, 'local-only-mapping');

mkdirSync(root, { recursive: true });
rmSync(hospital, { recursive: true, force: true });
rmSync(output, { recursive: true, force: true });
const synth = await main(['node', 'oncoatlas', 'synth', hospital, '--studies', studies, '--seed', 'demo']);
if (synth !== 0) process.exit(synth);
process.stdout.write('\n');
if (!existsSync(secret)) await main(['node', 'oncoatlas', 'secret', 'new', secret]);
const code = await main([
  'node', 'oncoatlas', 'deid', input, output, '--secret-file', secret, '--report', report, '--mapping', mapping,
  '--option', 'retain-safe-private', '--dates', 'shift',
]);
process.stdout.write(`\nDe-identified files: ${output}\nReport (no identifiers): ${report}\n` +
  `Inspect one with: dcmdump $(find ${output} -name '*.dcm' | head -1)\n`);
// Exit 3 means some files were held for review or rejected, which the synthetic export plants on purpose.
process.exitCode = code === 3 ? 0 : code;
