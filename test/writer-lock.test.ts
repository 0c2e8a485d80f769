/**
 * One writer per data directory (docs/pipeline.md): two `populate` runs started together on one data directory
 * do not both write (the second is refused with DATA_DIR_LOCKED, naming the holder), a run killed with SIGKILL
 * does not block the next one, and the same holds with the ledger in PostgreSQL. A re-run retries the studies
 * whose de-identification failed for a passing reason, at most three times, and leaves refused ones alone.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FunnelReport } from '@oncoatlas/pipeline';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital, type Truth } from '@oncoatlas/synth';
import { funnelMatchesTruth } from './support/funnel-truth.ts';
import { createTestDatabase } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

function setup(t: { after: (fn: () => void) => void }, studies: number, seed: string): { dir: string; truth: Truth; args: (data: string, ...more: string[]) => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'h'), studies, seed });
  assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', join(dir, 'site.secret')]).status, 0);
  const args = (data: string, ...more: string[]): string[] => [cli, 'populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'),
    '--secret-file', join(dir, 'site.secret'), '--jobs', '1', '--json', ...more];
  return { dir, truth, args };
}

interface Ran { status: number | null; stdout: string; stderr: string }

function run(args: string[]): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  return { child, done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))) };
}

/** Two runs started together: exactly one refuses with the lock error, naming the holder but no path. */
async function twoTogether(args: string[], dir: string, truth: Truth): Promise<void> {
  const results = await Promise.all([run(args).done, run(args).done]);
  const refused = results.filter((r) => r.status !== 0);
  assert.equal(refused.length, 1, results.map((r) => r.stderr).join('\n'));
  assert.match(refused[0]!.stderr, /^error DATA_DIR_LOCKED: Another OncoAtlas process is writing this data directory: populate \(pid \d+ on .+, since \d{4}-.*wait for it to finish/);
  assert.ok(!refused[0]!.stderr.includes(dir), 'no path in the message');
  funnelMatchesTruth(results.find((r) => r.status === 0)!, truth);
}

test('two populate runs on one data directory: one refuses with DATA_DIR_LOCKED; a single run then integrates what truth says', async (t) => {
  const { dir, truth, args } = setup(t, 24, 'lock-two');
  const data = join(dir, 'data');
  await twoTogether(args(data), dir, truth);
  assert.ok(!existsSync(join(data, 'writer.lock')), 'the lock is released at the end of the run');
  funnelMatchesTruth(spawnSync(process.execPath, args(data), { encoding: 'utf8' }), truth);
  await retriesPassingFailures(args(data), data, truth);
});

/** A re-run retries studies whose de-identification failed for a passing reason, at most 3 times in all. */
async function retriesPassingFailures(args: string[], data: string, truth: Truth): Promise<void> {
  const integrated = truth.studies.filter((s) => s.expected === 'integrated').map((s) => s.study);
  assert.ok(truth.studies.some((s) => s.expected === 'rejected'), 'the hospital has studies refused for what they are');
  const [retried, exhausted] = [integrated[0]!, integrated[1]!];
  // As two concurrent writers left them: every instance IO_FAILED, the study rejected.
  const store = await openStore({ dataDir: data });
  try {
    const ledger = new StudyLedger(store.db);
    for (const [study, attempts] of [[retried, 1], [exhausted, 3]] as const) {
      const at = new Date().toISOString();
      await ledger.setInstanceOutcomes((await ledger.instancesOfStudy(study)).filter((i) => i.status === 'deidentified')
        .map((i) => ({ source_key: i.source_key, status: 'rejected' as const, reason: 'IO_FAILED', output_path: null, output_sha256: null, updated_at: at })));
      await ledger.setStudy(study, { stage: 'deidentify', status: 'rejected', reason: 'deidentification_failed', output_hash: null, attempts, updated_at: at });
    }
  } finally {
    await store.close();
  }
  const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  const funnel = JSON.parse(again.stdout) as FunnelReport;
  assert.equal(funnel.integrated, truth.summary.integrated - 1, 'the study tried 3 times stays rejected');
  assert.deepEqual(funnel.studies.find((s) => s.study === exhausted), { study: exhausted, state: 'rejected', reason: 'deidentification_failed' });
  const after = await openStore({ dataDir: data });
  try {
    const ledger = new StudyLedger(after.db);
    assert.deepEqual([(await ledger.study(retried))?.attempts, (await ledger.study(exhausted))?.attempts], [2, 3]);
    // Refused for what they are (a DICOM or selection reason): never retried, attempts unchanged.
    for (const s of truth.studies.filter((x) => x.expected === 'rejected')) {
      const row = (await ledger.study(s.study))!;
      assert.equal(row.reason, s.reason);
      assert.ok(row.attempts <= 1);
    }
  } finally {
    await after.close();
  }
}

test('a populate run killed with SIGKILL while it holds the lock does not block the next one', async (t) => {
  const { dir, truth, args } = setup(t, 24, 'lock-kill');
  const data = join(dir, 'data');
  const killed = run(args(data));
  const since = Date.now();
  while (!existsSync(join(data, 'writer.lock'))) {
    assert.ok(Date.now() - since < 30_000, 'the run takes the lock');
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300));
  killed.child.kill('SIGKILL');
  await killed.done;
  assert.ok(existsSync(join(data, 'writer.lock')), 'a killed run leaves its lock file behind');
  funnelMatchesTruth(spawnSync(process.execPath, args(data), { encoding: 'utf8' }), truth);
});

test('with the ledger in PostgreSQL, two runs together: one refuses with DATA_DIR_LOCKED', async (t) => {
  const url = await createTestDatabase('writer lock populate');
  if (!url) return;
  const { dir, truth, args } = setup(t, 24, 'lock-pg');
  await twoTogether(args(join(dir, 'data'), '--database', url), dir, truth);
});
