import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { checkRedactionBoxes } from './redaction-boxes.ts';

const refused = (boxes: unknown, box?: number) => (err: unknown): boolean =>
  isOncoAtlasError(err, 'REDACTION_INVALID_BOX') && (box === undefined || (err.details as { box?: number }).box === box);

test('boxes inside the image in whole pixels are taken as they are, up to its last row and column', () => {
  assert.deepEqual(checkRedactionBoxes([[0, 0, 640, 480], [10, 20, 1, 1], [639, 479, 1, 1]], 480, 640), [[0, 0, 640, 480], [10, 20, 1, 1], [639, 479, 1, 1]]);
});

test('no box, fractions, no area, or reaching outside the image are refused, naming the box', () => {
  assert.throws(() => checkRedactionBoxes([], 480, 640), refused([]));
  assert.throws(() => checkRedactionBoxes(undefined, 480, 640), refused(undefined));
  assert.throws(() => checkRedactionBoxes([[0, 0, 10, 10], [1.5, 0, 10, 10]], 480, 640), refused(null, 2));
  assert.throws(() => checkRedactionBoxes([[0, 0, 10]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([['0', 0, 10, 10]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([[0, 0, 0, 10]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([[0, 0, 10, -1]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([[-1, 0, 10, 10]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([[631, 0, 10, 10]], 480, 640), refused(null, 1));
  assert.throws(() => checkRedactionBoxes([[0, 471, 10, 10]], 480, 640), refused(null, 1));
});
