import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oncoError } from '@oncoatlas/core';
import { problemOf } from './problem-details.ts';

test('errors become RFC 9457 problems with our code, its meaning and a status', () => {
  const p = problemOf(oncoError('DATASET_NOT_FOUND', 'There is no dataset x on this node.'));
  assert.deepEqual({ status: p.status, code: p.code, detail: p.detail }, { status: 404, code: 'DATASET_NOT_FOUND', detail: 'There is no dataset x on this node.' });
  assert.equal(p.type, 'urn:oncoatlas:error:DATASET_NOT_FOUND');
  assert.equal(problemOf(oncoError('RISK_RELEASE_REFUSED', 'above')).status, 409);
  assert.equal(problemOf(oncoError('USAGE', 'bad')).status, 400);
  assert.equal(problemOf(oncoError('DATASET_EMPTY', 'nothing integrated')).status, 409);
  assert.equal(problemOf(oncoError('CATALOGUE_BAD_PAGE', 'no page 9')).status, 404);
});

test('an unexpected error says nothing of its message (it could hold anything)', () => {
  const p = problemOf(new Error('patient DOE^JANE broke it'));
  assert.equal(p.code, 'INTERNAL');
  assert.equal(p.status, 500);
  assert.ok(!JSON.stringify(p).includes('DOE'));
});
