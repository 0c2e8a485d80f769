import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PixelFinding } from '../api/types.ts';
import { categoryOf, confirmation, decisionLine, editBox, findingBoxes, initiallySelected, nextImage, redactionBoxes } from './held-boxes.ts';

const FINDINGS: PixelFinding[] = [
  { frame: 1, kind: 'name', box: [10, 5, 80, 14], confidence: 0.91, source: 'ocr' },
  { frame: 1, kind: 'text', box: [200, 5, 40, 14], confidence: 0.8, source: 'ocr' },
  { frame: 1, kind: 'zone', box: [0, 0, 320, 40], confidence: null, source: 'template' },
];

test('findings become boxes in three categories, all selected at first', () => {
  const boxes = findingBoxes(FINDINGS);
  assert.deepEqual(boxes.map((b) => [b.id, categoryOf(b)]), [['finding-0', 'identifier'], ['finding-1', 'text'], ['finding-2', 'zone']]);
  assert.equal(categoryOf({ kind: 'drawn', source: 'reviewer' }), 'drawn');
  assert.deepEqual(initiallySelected(boxes), ['finding-0', 'finding-1', 'finding-2']);
});

test('the boxes sent are the selected ones, in whole pixels covering what was drawn, inside the image', () => {
  const boxes = [...findingBoxes(FINDINGS), { id: 'd', kind: 'drawn', box: [300.4, 230.2, 40, 20] as const, source: 'reviewer' }, { id: 'off', kind: 'drawn', box: [400, 0, 5, 5] as const, source: 'reviewer' }];
  assert.deepEqual(redactionBoxes(boxes, new Set(['finding-0', 'd', 'off']), 320, 240), [[10, 5, 80, 14], [300, 230, 20, 10]]);
  assert.deepEqual(redactionBoxes(boxes, new Set(), 320, 240), []);
});

test('editing a box moves or resizes it in whole pixels, never out of the image or below 1 px', () => {
  assert.deepEqual(editBox([10, 5, 80, 14], 'width', 100.6, 320, 240), [10, 5, 101, 14]);
  assert.deepEqual(editBox([10, 5, 80, 14], 'height', 0, 320, 240), [10, 5, 80, 1]);
  assert.deepEqual(editBox([10, 5, 80, 14], 'x', 300, 320, 240), [300, 5, 20, 14], 'moved right: cut at the edge');
  assert.deepEqual(editBox([10, 5, 80, 14], 'y', -4, 320, 240), [10, 0, 80, 14]);
  assert.deepEqual(editBox([10, 5, 80, 14], 'width', 999, 320, 240), [10, 5, 310, 14]);
});

test('a confirmation says what will happen, how many boxes, and that it is final', () => {
  const redact = confirmation('redact', 1, 2);
  assert.equal(redact.title, 'Redact 1 box of held image 2?');
  assert.match(redact.body, /The 1 selected box will be blanked in every frame of held image 2.*final/);
  assert.match(confirmation('redact', 3, 1).body, /The 3 selected boxes/);
  assert.match(confirmation('release', 0, 1).body, /unchanged.*final/);
  assert.match(confirmation('reject', 0, 1).body, /kept out of the atlas and its held file removed.*final/);
});

test('a decision reads as one line; the next image is the next one undecided', () => {
  assert.equal(decisionLine({ action: 'redact', boxes: [[0, 0, 1, 1], [1, 1, 2, 2]], verified: true, by: 'ana', at: 'x' }), 'Redacted 2 boxes and released, verified by OCR · by ana');
  assert.equal(decisionLine({ action: 'redact', boxes: [[0, 0, 1, 1]], verified: null, by: 'ana', at: 'x' }), 'Redacted 1 box and released, not verified by OCR · by ana');
  assert.equal(decisionLine({ action: 'reject', boxes: [], verified: null, by: 'ana', at: 'x' }), 'Rejected · by ana');
  const d = { action: 'release' as const, boxes: [], verified: null, by: 'a', at: 'x' };
  const held = [{ index: 0, decision: null }, { index: 1, decision: d }, { index: 2, decision: null }];
  assert.equal(nextImage(held, 0), 2, 'a decided image is skipped');
  assert.equal(nextImage(held, 2), 0, 'round to the start');
  assert.equal(nextImage(held.map((h) => ({ ...h, decision: d })), 2), 0, 'all decided: simply the next');
  assert.equal(nextImage([{ index: 0, decision: null }], 0), null);
});
