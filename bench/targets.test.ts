import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Corpus } from './corpus.ts';
import { caseTable } from './report.ts';
import { evaluateTargets, fastestPeer, type CaseResult, type ToolResult } from './targets.ts';

const corpus = (id: Corpus['id'], files: number, bytes: number): Corpus => ({ id, title: id, dir: `/dev/shm/x/${id}`, files, bytes, builtInSeconds: undefined, attributes: undefined });
const run = (id: string, kind: ToolResult['kind'], best: number, peakRssMb = 50, status: ToolResult['status'] = 'ok'): ToolResult =>
  ({ id, name: id, kind, how: '', status, runsSeconds: Number.isFinite(best) ? [best] : [], best, peakRssMb });

test('CT: needs 1.2 times the MB/s of the fastest peer that ran without errors', () => {
  const c: CaseResult = { corpus: corpus('ct', 2000, 1e9), results: [
    run('cp', 'limit', 0.5), run('gdcmanon', 'peer', 1.0), run('dcmodify', 'peer', 0.2, 10, 'errors'), run('dcmjs', 'peer', 7), run('oncoatlas', 'ours', 0.8),
  ] };
  assert.equal(fastestPeer(c)?.id, 'gdcmanon');
  const v = evaluateTargets([c]);
  assert.deepEqual(v.map((x) => x.pass), [true, false, true]);
  assert.match(v[0]!.text, /1250 MB\/s vs 1000 MB\/s for gdcmanon \(1\.25x\)/);
  assert.match(v[1]!.text, /8\.8x the dcmjs loop/);
  const close: CaseResult = { ...c, results: c.results.map((r) => (r.id === 'oncoatlas' ? run('oncoatlas', 'ours', 0.9) : r)) };
  assert.equal(evaluateTargets([close])[0]!.pass, false, '1.11x the peer is short of 1.2x');
});

test('header-heavy: needs three times the fastest peer, ten times dcmjs and RSS under 200 MB', () => {
  const ok: CaseResult = { corpus: corpus('header', 5000, 56e6), results: [run('gdcmanon', 'peer', 1.8), run('dcmjs', 'peer', 8), run('oncoatlas', 'ours', 0.6, 199)] };
  assert.deepEqual(evaluateTargets([ok]).map((x) => x.pass), [true, true, true]);
  const slow: CaseResult = { ...ok, results: [run('gdcmanon', 'peer', 1.8), run('dcmjs', 'peer', 8), run('oncoatlas', 'ours', 0.9, 200)] };
  assert.deepEqual(evaluateTargets([slow]).map((x) => x.pass), [false, false, false]);
});

test('large file: only the RSS target', () => {
  const c: CaseResult = { corpus: corpus('large', 1, 1e9), results: [run('gdcmanon', 'peer', 1.5, 1900), run('oncoatlas', 'ours', 0.5, 73)] };
  const v = evaluateTargets([c]);
  assert.equal(v.length, 1);
  assert.ok(v[0]!.pass);
});

test('an unavailable CLI misses every target as "not measured" and its row says so', () => {
  const c: CaseResult = { corpus: corpus('ct', 10, 1e6), results: [
    run('cp', 'limit', 0.1), run('gdcmanon', 'peer', 0.2), run('dcmjs', 'peer', 1), { ...run('oncoatlas', 'ours', NaN, NaN, 'not available'), note: 'bin missing' },
  ] };
  const v = evaluateTargets([c]);
  assert.equal(v.length, 3);
  for (const x of v) {
    assert.equal(x.pass, false);
    assert.match(x.text, /not measured \(oncoatlas deid not available: bin missing\)/);
  }
  const table = caseTable(c).join('\n');
  assert.match(table, /\| oncoatlas \(not available: bin missing\) \| ours \| - \| - \| - \| - \|/);
  assert.match(table, /\| gdcmanon \| peer \| 0\.200 \| 0\.200 \| 50 \| 5 \| 0\.50x \| 1\.00x \| 5\.00x \| 50 \|/);
});
