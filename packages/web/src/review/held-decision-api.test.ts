import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remainingOf } from './held-decision-api.ts';

test('where OCR still reads an identifier is taken from the problem only in its documented shape', () => {
  assert.deepEqual(remainingOf({ code: 'REDACTION_INCOMPLETE', remaining: [{ kind: 'name', box: [1, 2, 3, 4] }, { kind: 'date', box: [1, 2] }, { box: [0, 0, 1, 1] }, null] }),
    [{ kind: 'name', box: [1, 2, 3, 4] }]);
  assert.deepEqual(remainingOf({ code: 'REDACTION_INCOMPLETE' }), []);
  assert.deepEqual(remainingOf(null), []);
});
