/**
 * The check every end-to-end test of populate makes: the run succeeded and its funnel (`--json`) holds every
 * study of the synthetic hospital where truth.json says it ends, for the reason it says.
 */
import assert from 'node:assert/strict';
import type { FunnelReport } from '@oncoatlas/pipeline';
import type { Truth } from '@oncoatlas/synth';

export function funnelMatchesTruth(r: { status: number | null; stdout: string; stderr: string }, truth: Truth): FunnelReport {
  assert.equal(r.status, 0, r.stderr);
  const funnel = JSON.parse(r.stdout) as FunnelReport;
  assert.equal(funnel.identified, truth.summary.studies);
  assert.equal(funnel.integrated, truth.summary.integrated);
  assert.equal(funnel.pending, 0);
  const expected = new Map(truth.studies.map((s) => [s.study, s]));
  for (const s of funnel.studies) {
    const want = expected.get(s.study)!;
    assert.deepEqual({ state: s.state, reason: s.reason }, { state: want.expected, reason: want.reason }, `study of ${want.modalities.join('+')}`);
  }
  return funnel;
}
