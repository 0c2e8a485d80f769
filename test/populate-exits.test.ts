/**
 * What a script can rely on from `oncoatlas populate` (issue 17): a wrong source is a failure with a sentence,
 * not an empty success; a missing one writes nothing; Ctrl-C says what is kept and how to resume (exit 130);
 * `qc` after a failed or absent run names the real cause. And the counts agree: `populate --json`,
 * `funnel --json`, `inventory --json` and truth.json count the same studies, held images included.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FunnelReport, InventoryReport } from '@oncoatlas/pipeline';
import { generateHospital, type Truth } from '@oncoatlas/synth';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'oncoatlas-exits-'));
const hospital = join(work, 'h');
const secret = join(work, 'site.secret');
let truth: Truth;

function oncoatlas(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ONCOATLAS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const populateArgs = (data: string, source = join(hospital, 'pacs')): string[] =>
  ['populate', '--data-dir', data, '--source', source, '--cohort', join(hospital, 'cohort.json'), '--secret-file', secret, '--jobs', '2', '--no-progress'];

/** Nothing printed names a patient or the export's folders. */
function noIdentifier(text: string): void {
  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!new RegExp(`(^|[^0-9])${id}([^0-9]|$)`).test(text), 'no patient ID (as a number of its own; a longer number may contain its digits by chance)');
  assert.ok(!text.includes(hospital), 'no source path');
}

before(() => {
  // Seed 'e' plants two studies whose every file is damaged, so the inventory/funnel definitions are tested.
  truth = generateHospital({ out: hospital, studies: 60, seed: 'e' });
  assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', secret]).status, 0);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('a missing source is SOURCE_NOT_FOUND and writes no data directory', () => {
  const data = join(work, 'missing');
  const r = oncoatlas(...populateArgs(data, join(work, 'no-such-export')));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error SOURCE_NOT_FOUND: /);
  assert.ok(!existsSync(data), 'no data directory, no atlas.sqlite');
  assert.ok(!r.stderr.includes('no-such-export'), 'the source path is not echoed');
});

test('an empty folder or one of non-DICOM files exits 1 with SOURCE_EMPTY, clinical tables untouched; qc names the failed run', () => {
  const empty = join(work, 'empty');
  const junk = join(work, 'junk');
  mkdirSync(empty);
  mkdirSync(junk);
  writeFileSync(join(junk, 'notes.txt'), 'not a DICOM file');
  writeFileSync(join(junk, 'Thumbs.db'), Buffer.alloc(64));
  for (const [source, files] of [[empty, 0], [junk, 2]] as const) {
    const data = join(work, `data-${files}`);
    const r = oncoatlas(...populateArgs(data, source));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`^error SOURCE_EMPTY: The source holds no DICOM study: ${files} files read, ${files} of them not DICOM or damaged\\.`));
    assert.match(r.stderr, /the clinical tables were not processed/);
    assert.equal(r.stdout, '', 'no funnel printed as if it had worked');
  }
  const qc = oncoatlas('qc', '--data-dir', join(work, 'data-0'));
  assert.equal(qc.code, 1);
  assert.match(qc.stderr, /^error REPORT_NOT_FOUND: The last populate run \(run 1\) failed .*SOURCE_EMPTY/);
  assert.doesNotMatch(qc.stderr, /clinical section/);
  const absent = oncoatlas('qc', '--data-dir', join(work, 'never-populated'));
  assert.equal(absent.code, 1);
  assert.match(absent.stderr, /^error USAGE: .*holds no ledger \(atlas\.sqlite\)/);
});

test('populate, funnel, inventory and truth.json count the same studies; held images are shown', () => {
  const data = join(work, 'full');
  const run = oncoatlas(...populateArgs(data), '--json');
  assert.equal(run.code, 0, run.stderr);
  const populated = JSON.parse(run.stdout) as FunnelReport;
  const funnel = JSON.parse(oncoatlas('funnel', '--data-dir', data, '--json').stdout) as FunnelReport;
  const inventory = JSON.parse(oncoatlas('inventory', '--source', join(hospital, 'pacs'), '--json', '--no-progress').stdout) as InventoryReport;

  const heldStudies = truth.studies.filter((s) => s.expected === 'integrated' && s.defects.some((d) => d.kind === 'burned_in_annotation' && d.paths?.length));
  const byReason = Object.fromEntries(Object.entries(truth.summary.byReason).filter(([, n]) => n > 0).sort());
  for (const f of [populated, funnel]) {
    assert.equal(f.identified, truth.summary.studies);
    assert.equal(f.integrated, truth.summary.integrated);
    assert.deepEqual(Object.fromEntries(Object.entries(f.rejected).sort()), byReason);
    assert.equal(f.identified, f.integrated + Object.values(f.rejected).reduce((a, b) => a + b, 0) + f.review + f.pending, 'the end states sum to identified');
    assert.equal(f.held.studies, heldStudies.length, 'studies with held images, integrated ones included');
    assert.ok(f.held.instances >= f.held.studies);
  }
  const counts = (f: FunnelReport): unknown => [f.identified, f.integrated, f.rejected, f.review, f.pending, f.held, f.studies];
  assert.deepEqual(counts(funnel), counts(populated), 'funnel shows what populate printed');
  assert.equal(inventory.studies, funnel.identified, 'the inventory counts every study a file names, as the funnel does');
  assert.equal(inventory.unreadableStudies, truth.summary.byReason.no_readable_instances);
  assert.ok(inventory.unreadableStudies > 0, 'this hospital has studies with no readable file');

  const text = oncoatlas('funnel', '--data-dir', data);
  assert.match(text.stdout, new RegExp(`^held for review: ${funnel.held.instances} images of ${heldStudies.length} studies wait for a decision`, 'm'));
  noIdentifier(run.stdout + text.stdout);
});

test('Ctrl-C during populate exits 130 saying what is kept; the same command resumes it', async () => {
  const data = join(work, 'interrupted');
  const child = spawn(process.execPath, [cli, ...populateArgs(data)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The ledger appears once the run has started (the handler is in place by then); the inventory alone takes longer than the wait.
  while (!existsSync(join(data, 'atlas.sqlite'))) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /Stopping populate at its next commit \(SIGINT\)/);
  assert.match(stderr, /^error INTERRUPTED: Populate run 1 was interrupted; the ledger keeps \d+ studies identified: \d+ integrated, \d+ rejected, \d+ waiting in review, \d+ not finished\. .*Run the same command again to resume/m);
  noIdentifier(stderr);

  const resumed = oncoatlas(...populateArgs(data), '--json');
  assert.equal(resumed.code, 0, resumed.stderr);
  const f = JSON.parse(resumed.stdout) as FunnelReport;
  assert.equal(f.identified, truth.summary.studies);
  assert.equal(f.integrated, truth.summary.integrated);
  assert.equal(f.pending, 0);
});
