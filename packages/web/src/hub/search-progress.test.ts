import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpotResult } from '@samply/lens';
import { NO_SEARCH, collectionRows, coverageOf, notesOf, strataTotals, withResult } from './search-progress.ts';
import { toBase64 } from './spot-codec.ts';

const event = (site: string, status: SpotResult['status'], body?: unknown): SpotResult =>
  ({ task: 't', from: `focus.${site}.broker.hub`, to: ['spot.broker.hub'], status, body: body === undefined ? '' : toBase64(JSON.stringify(body)) });

const answer = (name: string, male: number | string) => ({
  collections: [{ id: `${name}-1`, name, studies_count: 10, subjects_count: 4 }],
  strata: { sex: [{ value: 'male', subjects: male, studies: 1 }, { value: 'female', subjects: 2, studies: 1 }] },
  notes: ['stage: unknown value(s) IX ignored'],
});

test('claimed, answers, failures and the deadline make the coverage the notice shows', () => {
  let p = NO_SEARCH;
  for (const e of [event('b', 'claimed'), event('a', 'claimed'), event('c', 'claimed'), event('d', 'claimed'),
    event('a', 'succeeded', answer('Lung', 3)), event('b', 'permafailed', { reason: 'failed' }), event('c', 'tempfailed', { reason: 'deadline' }), event('a', 'claimed')]) {
    p = withResult(p, e);
  }
  assert.deepEqual(coverageOf(p), { asked: 4, answered: ['a'], working: ['d'], missing: [{ site: 'b', reason: 'failed' }, { site: 'c', reason: 'deadline' }] });
  assert.equal(coverageOf(withResult(p, event('d', 'succeeded'))).missing.at(-1)?.reason, 'unreadable', 'an empty body is not an answer');
  assert.equal(coverageOf(withResult(p, event('d', 'permafailed', { reason: 'deadline' }))).missing.at(-1)?.reason, 'deadline');
});

test('collections, notes and strata over all answering nodes', () => {
  let p = NO_SEARCH;
  p = withResult(p, event('b', 'succeeded', answer('Breast', 5)));
  p = withResult(p, event('a', 'succeeded', answer('Lung', '< 5')));
  assert.deepEqual(collectionRows(p).map((r) => `${r.site}/${r.id}`), ['a/Lung-1', 'b/Breast-1']);
  assert.deepEqual(notesOf(p), ['stage: unknown value(s) IX ignored'], 'the same note of two nodes once');
  assert.deepEqual(strataTotals(p, 'sex'), [{ value: 'male', subjects: 5, suppressedAt: 1 }, { value: 'female', subjects: 4, suppressedAt: 0 }]);
  assert.deepEqual(strataTotals(p, 'modality'), []);
});
