/**
 * `oncoatlas populate` on a synthetic hospital: the funnel matches truth.json study by study, a re-run does
 * nothing twice, and a run killed with SIGKILL at random moments, then resumed, ends exactly like an
 * uninterrupted one (output tree and funnel). The data directory is owner-only throughout, and the ledger
 * holds no folder name of the export (hospitals name folders after patients).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FunnelReport } from '@oncoatlas/pipeline';
import { generateHospital, type Truth } from '@oncoatlas/synth';
import { funnelMatchesTruth } from './support/funnel-truth.ts';
import { createTestDatabase, foundIn, notOwnerOnly } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(dir, join(e.parentPath, e.name)), createHash('sha256').update(readFileSync(join(e.parentPath, e.name))).digest('hex'));
  }
  return out;
}

function setup(t: { after: (fn: () => void) => void }, studies: number, seed: string): { dir: string; truth: Truth; args: (data: string) => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-populate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'h'), studies, seed });
  assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', join(dir, 'site.secret')]).status, 0);
  const args = (data: string): string[] => [cli, 'populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'),
    '--secret-file', join(dir, 'site.secret'), '--jobs', '2', '--json'];
  return { dir, truth, args };
}

/** The export's folder names as a path holds them (`/SOLER_SALA_EMMA_10000710/`), the short year, month and series folders aside. */
function folderNames(pacs: string): string[] {
  const names = readdirSync(pacs, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).filter((n) => n.length >= 6);
  return [...new Set(names)].map((n) => `${sep}${n}${sep}`);
}

/** The paths of the fields of `json` whose key or value contains `needle`. */
function fieldsHolding(json: unknown, needle: string, at = '$'): string[] {
  if (json === null || typeof json !== 'object') return String(json).includes(needle) ? [at] : [];
  return Object.entries(json).flatMap(([k, v]) => [...(k.includes(needle) ? [`${at} (key)`] : []), ...fieldsHolding(v, needle, `${at}.${k}`)]);
}

/** Runs populate and checks its funnel against truth.json, study by study. */
function checkFunnel(r: { status: number | null; stdout: string; stderr: string }, truth: Truth): FunnelReport {
  const funnel = funnelMatchesTruth(r, truth);
  assert.deepEqual(Object.fromEntries(Object.entries(funnel.rejected).sort()), Object.fromEntries(Object.entries(truth.summary.byReason).filter(([, n]) => n > 0).sort()));
  // Where an ID shows, the report's fields that hold it are named (never the ID itself).
  const leaks = [...new Set(truth.studies.map((s) => s.patient))].filter((id) => r.stdout.includes(id)).map((id) => fieldsHolding(JSON.parse(r.stdout), id));
  assert.deepEqual(leaks, [], 'no patient ID in the output');
  // The clinical records' own funnel: duplicates merged, and only withdrawn consent excludes rows of this export.
  const c = funnel.clinical!;
  assert.equal(c.rows.merged, truth.summary.clinicalDuplicateRows);
  assert.equal(c.rows.total, c.rows.kept + c.rows.merged + c.rows.excluded);
  assert.deepEqual(Object.keys(c.excludedRows), c.rows.excluded > 0 ? ['consent.withdrawn'] : []);
  assert.ok(c.records.patient! > 0);
  return funnel;
}

test('the funnel of populate matches truth.json study by study; a re-run changes nothing', (t) => {
  const { dir, truth, args } = setup(t, 250, 'funnel');
  const data = join(dir, 'data');
  const funnel = checkFunnel(spawnSync(process.execPath, args(data), { encoding: 'utf8' }), truth);

  assert.deepEqual(notOwnerOnly(data), [], 'the data directory, its folders (0700) and its files (0600) are owner-only');
  const pacs = join(dir, 'h', 'pacs');
  const needles = [pacs, ...folderNames(pacs)];
  assert.ok(needles.some((n) => /_\d{8}\//.test(n)), 'the export has folders named after patients');
  assert.deepEqual(foundIn([join(data, 'atlas.sqlite'), join(data, 'atlas.sqlite-wal')], needles), [], 'no source path or folder name is in the ledger');

  const released = [...tree(join(data, 'deidentified')).keys()].filter((p) => !p.startsWith('_review')).length;
  assert.equal(released, truth.studies.reduce((n, s) => n + s.instances.releasable, 0), 'every releasable instance once (a duplicate copy writes no second file)');
  const before = tree(join(data, 'deidentified'));
  // A data directory others can list: --strict refuses before reading a file, otherwise a warning.
  chmodSync(data, 0o750);
  const strict = spawnSync(process.execPath, [...args(data), '--strict'], { encoding: 'utf8' });
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /^error DATA_DIR_MODES: 1 folder\(s\) or file\(s\) .*the data directory is mode 750/);
  const again = spawnSync(process.execPath, args(data), { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /^warning: the data directory is mode 750/m);
  assert.ok(!strict.stderr.includes(dir) && !again.stderr.includes(dir), 'the data directory is not named');
  chmodSync(data, 0o700);
  assert.deepEqual(JSON.parse(again.stdout).studies, funnel.studies);
  assert.deepEqual(tree(join(data, 'deidentified')), before, 'a re-run writes nothing new');
  const shown = spawnSync(process.execPath, [cli, 'funnel', '--data-dir', data, '--json'], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(shown.stdout).studies, funnel.studies);
});

test('with the ledger in PostgreSQL, the funnel is the same', async (t) => {
  const url = await createTestDatabase('populate on PostgreSQL');
  if (!url) return;
  const { dir, truth, args } = setup(t, 120, 'postgres');
  const r = spawnSync(process.execPath, [...args(join(dir, 'data')), '--database', url], { encoding: 'utf8' });
  checkFunnel(r, truth);
  const shown = spawnSync(process.execPath, [cli, 'funnel', '--data-dir', join(dir, 'data'), '--database', url, '--json'], { encoding: 'utf8' });
  assert.equal((JSON.parse(shown.stdout) as FunnelReport).integrated, truth.summary.integrated);
});

test('populate killed with SIGKILL at random moments and resumed ends like an uninterrupted run', async (t) => {
  const { dir, args } = setup(t, 120, 'kill');
  const reference = join(dir, 'reference');
  const ref = spawnSync(process.execPath, args(reference), { encoding: 'utf8' });
  assert.equal(ref.status, 0, ref.stderr);
  const data = join(dir, 'killed');
  // 20 moments spread over a run (the reference takes a second or two), in a shuffled but fixed order.
  const moments = Array.from({ length: 20 }, (_, i) => 40 + ((i * 7) % 20) * 75);
  for (const ms of moments) {
    const child = spawn(process.execPath, args(data), { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGKILL');
    await exited;
  }
  const final = spawnSync(process.execPath, args(data), { encoding: 'utf8' });
  assert.equal(final.status, 0, final.stderr);
  assert.deepEqual(JSON.parse(final.stdout).studies, JSON.parse(ref.stdout).studies, 'same funnel');
  assert.deepEqual(tree(join(data, 'deidentified')), tree(join(reference, 'deidentified')), 'same output, byte for byte, no partial file');
  const verified = spawnSync(process.execPath, [cli, 'audit', 'verify', '--data-dir', data], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stderr);
  assert.deepEqual(loggedStates(data), loggedStates(reference), 'every study\'s last logged transition is the same: no state change committed without its event');
});

/** The last state the audit log records for each study (stage, status, reason, content hash). */
function loggedStates(data: string): Map<string, string> {
  const out = spawnSync(process.execPath, [cli, 'audit', 'show', '--data-dir', data, '--json', '--limit', '100000'], { encoding: 'utf8' }).stdout;
  const states = new Map<string, string>();
  for (const line of out.trim().split('\n')) {
    const { event } = JSON.parse(line) as { event: { type: string; stage?: string; studies?: { study: string; status: string; reason?: string; contentHash?: string }[] } };
    for (const s of event.type === 'STUDIES_TRANSITIONED' ? event.studies! : []) states.set(s.study, `${event.stage} ${s.status} ${s.reason ?? ''} ${s.contentHash ?? ''}`);
  }
  return states;
}

test('the review queue holds the burned-in studies; approving releases their files and records who and why', (t) => {
  const { dir, truth, args } = setup(t, 150, 'review');
  const data = join(dir, 'data');
  assert.equal(spawnSync(process.execPath, args(data)).status, 0);
  const review = (...a: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [cli, 'review', ...a, '--data-dir', data, '--json'], { encoding: 'utf8' });
  const open = JSON.parse(review('list').stdout) as { id: number; study: string }[];
  const burned = truth.studies.filter((s) => s.reason === null && s.defects.some((d) => d.kind === 'burned_in_annotation' && (d.paths?.length ?? 0) > 0));
  assert.deepEqual(open.map((o) => o.study).sort(), burned.map((s) => s.study).sort());

  const first = open[0]!;
  const shown = JSON.parse(review('show', String(first.id)).stdout) as { held: { file: string }[] };
  assert.ok(shown.held.length > 0 && shown.held.every((h) => h.file.includes('/_review/')));
  const before = tree(join(data, 'deidentified'));
  assert.equal(review('approve', String(first.id), '--by', 'Dra. Revisora', '--reason', 'no text in the pixels').status, 0);
  const after = tree(join(data, 'deidentified'));
  for (const h of shown.held) {
    const rel = relative(join(data, 'deidentified'), h.file);
    assert.equal(after.get(rel.replace(/^_review\//, '')), before.get(rel), 'the held file is released unchanged');
    assert.ok(!after.has(rel));
  }
  const again = review('approve', String(first.id), '--by', 'x', '--reason', 'y');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already decided \(approved\)/);
  assert.equal((JSON.parse(review('list').stdout) as unknown[]).length, open.length - 1);
  if (open[1]) assert.equal(review('reject', String(open[1].id), '--by', 'Dra. Revisora', '--reason', 'a name in the corner').status, 0);
  assert.deepEqual(notOwnerOnly(data), [], 'released held files, their new folders and the checkpoint file are owner-only');
});
