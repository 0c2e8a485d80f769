import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryState } from './query-state.ts';

test('running until every node replied or the deadline passed; partial names the silent nodes', () => {
  const a = { node: 'a', status: 'succeeded' as const, body: 1 };
  const b = { node: 'b', status: 'failed' as const, body: { code: 'X' } };
  assert.equal(queryState({ targets: ['a', 'b'], replies: [a], deadlineAt: 10, now: 5 }).status, 'running');
  assert.deepEqual(queryState({ targets: ['a', 'b'], replies: [a], deadlineAt: 10, now: 10 }), { status: 'partial', results: [a], missing: ['b'] });
  assert.deepEqual(queryState({ targets: ['a', 'b'], replies: [a, b], deadlineAt: 10, now: 50 }), { status: 'complete', results: [a, b], missing: [] });
});
