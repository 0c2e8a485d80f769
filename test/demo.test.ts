/**
 * The README's first command, `npm start`, on a fresh folder: it must end with a released dataset and its
 * dossier, and print where they are, never an identifier of the synthetic patients.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../scripts/demo.ts', import.meta.url));

test('npm start populates a local atlas and releases a dataset with its dossier', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [demo], { encoding: 'utf8', env: { ...process.env, ONCOATLAS_DEMO_DIR: dir }, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const version = join(dir, 'atlas', 'datasets', 'demo', 'v1');
  assert.ok(existsSync(join(version, 'manifest.json')));
  assert.ok(existsSync(join(version, 'dossier.html')));
  assert.match(r.stdout, /Released demo version 1/);
  assert.ok(r.stdout.includes(join(version, 'dossier.')), 'prints where the dossier is');
  const truth = JSON.parse(readFileSync(join(dir, 'hospital', 'truth.json'), 'utf8')) as { studies: { patient: string }[] };
  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!r.stdout.includes(id), 'no patient ID in the output');
});
