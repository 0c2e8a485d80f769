/**
 * Test fixture: a real node built by the CLI from a small synthetic hospital, with two published datasets that
 * share patients (every lung-cancer patient's CT studies are in both). Built through the CLI, so the index is
 * filled by the catalogue lifecycle's own hook. About half a minute: build it once per test file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../cli/bin/oncoatlas.js', import.meta.url));
const JUSTIFICATION = 'Synthetic data only, no person behind any record';

function run(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, out: r.stderr + r.stdout };
}

function ok(...args: string[]): void {
  const r = run(...args);
  if (r.status !== 0) throw new Error(`oncoatlas ${args[0]} failed: ${r.out}`);
}

export const FIXTURE_DATASETS = [
  { id: 'ct', cohort: ['--modality', 'CT'] },
  { id: 'lung', cohort: ['--condition', 'C34,C50'] },
] as const;

/** The data directory of the node (SQLite store inside). */
export function buildSyntheticNode(studies = 80): string {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-federation-'));
  const data = join(dir, 'data');
  ok('synth', join(dir, 'h'), '--studies', String(studies), '--seed', 'federation');
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json', '--no-progress');
  // Publishing needs the agreements of the node's onboarding path on file (docs/access.md): synthetic ones.
  for (const kind of ['dsa', 'access-conditions']) {
    writeFileSync(join(dir, `${kind}.txt`), `SYNTHETIC ${kind} of a test fixture: no real party signs anything here.\n`);
    ok('agreements', 'file', '--data-dir', data, '--kind', kind, '--file', join(dir, `${kind}.txt`), '--by', 'steward');
  }
  for (const d of FIXTURE_DATASETS) {
    ok('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 's'), '--id', d.id, '--title', `Synthetic ${d.id}`, '--by', 'steward',
      '--legal-basis', 'Synthetic data: no person behind any record', '--max-suppression', '0.5', ...d.cohort);
    if (run('dataset', 'release', d.id, '--data-dir', data, '--by', 'dpo', '--no-pdf').status !== 0) {
      ok('dataset', 'release', d.id, '--data-dir', data, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', JUSTIFICATION);
    }
    ok('catalogue', 'publish', d.id, '--data-dir', data, '--by', 'steward', '--steward', join(dir, 'h', 'catalogue-steward.json'), '--public-url', 'http://node.test');
  }
  return data;
}
