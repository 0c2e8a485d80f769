/**
 * `oncoatlas inventory` on a synthetic hospital: its counts agree with the ground truth, and nothing it
 * prints or writes (console, JSON, HTML) names a patient, a UID or a path.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { InventoryReport } from '@oncoatlas/pipeline';
import { generateHospital } from '@oncoatlas/synth';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

test('inventory counts what truth.json says is there, and shows no identifier', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-inventory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'h'), studies: 150, seed: 'inventory' });
  const html = join(dir, 'inventory.html');
  const r = spawnSync(process.execPath, [cli, 'inventory', '--source', join(dir, 'h', 'pacs'), '--json', '--html', html], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as InventoryReport;

  const paths = (kind: string): string[] => truth.studies.flatMap((s) => s.defects.filter((d) => d.kind === kind).flatMap((d) => d.paths ?? []));
  const truncated = paths('truncated_instance').length + paths('no_readable_instances').length;
  const rejected = Object.values(report.rejectedFiles).reduce((a, b) => a + b, 0);
  assert.equal(rejected, truncated + truth.files.length, 'truncated, stray and corrupt files are the rejected ones');
  assert.ok((report.rejectedFiles.DICOM_NOT_PART10 ?? 0) >= truth.files.filter((f) => f.reason === 'not_dicom').length);
  assert.ok((report.rejectedFiles.DICOM_TRUNCATED ?? 0) >= truncated);
  const copies = truth.studies.flatMap((s) => s.defects.filter((d) => d.kind === 'duplicate_instance'))
    .filter((d) => !lstatSync(join(dir, 'h', d.paths![1]!)).isSymbolicLink() && !paths('no_readable_instances').includes(d.paths![0]!));
  assert.equal(report.duplicates.identical, copies.length, 'copied duplicates (links are the same file)');
  assert.equal(report.duplicates.conflicting, 0);
  const readable = truth.studies.filter((s) => s.reason !== 'no_readable_instances');
  assert.equal(report.studies, truth.summary.studies, 'every study a file names, as the funnel counts them');
  assert.equal(report.unreadableStudies, truth.studies.length - readable.length);
  assert.equal(report.instances, readable.reduce((n, s) => n + s.instances.unique, 0) - paths('truncated_instance').length);
  const burned = readable.flatMap((s) => s.defects.filter((d) => d.kind === 'burned_in_annotation').flatMap((d) => d.paths ?? []));
  assert.equal(report.burnedIn.declaredYes, burned.length);
  assert.ok(report.identifyingAttributes.PatientName! > 0 && report.privateCreators['SIEMENS CSA HEADER']! > 0);

  const shown = `${r.stdout}${r.stderr}${readFileSync(html, 'utf8')}`;
  assert.match(readFileSync(html, 'utf8'), /<svg role="img" aria-label="Instances by modality"/);
  for (const s of truth.studies) assert.ok(!shown.includes(s.patient), 'no patient ID');
  assert.doesNotMatch(shown, /\b\d+(\.\d+){4,}\b(?<!1\.2\.840\.10008\.[\d.]+)/, 'no instance UID (only standard SOP class and transfer syntax UIDs)');
  assert.ok(!shown.includes(join(dir, 'h')), 'no path');
});
