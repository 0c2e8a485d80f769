import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxAt, boxBetween, defaultWindow, dragWindow, fitView, greyOf, panBy, sampleLut, toCanvas, toImage, zoomAt } from './viewer-math.ts';

test('a view maps image points to the canvas and back; zoom keeps the point under the cursor', () => {
  const fit = fitView(1000, 500, 500, 500);
  assert.deepEqual(fit, { scale: 0.5, x: 0, y: 125 });
  assert.deepEqual(toCanvas(fit, 1000, 500), [500, 375]);
  assert.deepEqual(toImage(fit, 250, 250), [500, 250]);
  const zoomed = zoomAt(fit, 4, 100, 200);
  assert.deepEqual(toImage(zoomed, 100, 200), toImage(fit, 100, 200), 'the point under the cursor stays');
  assert.equal(zoomed.scale, 2);
  const panned = panBy(zoomed, 10, -20);
  assert.deepEqual(toImage(panned, 110, 180), toImage(zoomed, 100, 200));
  assert.equal(zoomAt(fit, 1e6, 0, 0).scale, 32, 'zoom is bounded');
  assert.equal(fitView(64, 48, 640, 480).scale, 10, 'a small image is enlarged by a whole factor, so its pixels stay square');
});

test('a drawn box is in whole image pixels, inside the image, whichever way it was dragged', () => {
  assert.deepEqual(boxBetween([30.6, 40.2], [10.2, 5.9], 100, 100), [10, 5, 21, 36]);
  assert.deepEqual(boxBetween([-5, -5], [500, 20], 100, 50), [0, 0, 100, 20]);
  assert.equal(boxBetween([10, 10], [10, 30], 100, 100), null, 'no width, no box');
  const boxes = [{ box: [0, 0, 50, 50] as const }, { box: [40, 40, 20, 20] as const }];
  assert.deepEqual([boxAt(boxes, 45, 45), boxAt(boxes, 10, 10), boxAt(boxes, 70, 70), boxAt(boxes, 50, 10)], [1, 0, -1, -1]);
});

test('window/level maps modality values to grey as PS3.3 defines the linear VOI function', () => {
  const soft = { centre: 40, width: 400 };
  assert.deepEqual([greyOf(-1000, soft), greyOf(40, soft), greyOf(1000, soft)], [0, 128, 255]);
  assert.equal(greyOf(0, { centre: 0, width: 1 }), 255, 'a one-wide window is a threshold');
  // 16-bit samples shifted by 1024 with intercept -1024: sample 1064 is 40 HU.
  const lut = sampleLut(16, 1, -1024, soft, false);
  assert.deepEqual([lut.length, lut[0], lut[1064], lut[65535]], [65536, 0, 128, 255]);
  assert.deepEqual([...sampleLut(8, 1, 0, { centre: 127.5, width: 256 }, true).subarray(0, 2)], [255, 254], 'MONOCHROME1 is inverted');
  assert.deepEqual(defaultWindow(-1024, 3071, null), { centre: 1024, width: 4096 });
  const identity = defaultWindow(0, 255, null);
  assert.deepEqual([greyOf(0, identity), greyOf(1, identity), greyOf(254, identity), greyOf(255, identity)], [0, 1, 254, 255], 'an 8-bit range opens as it is');
  assert.deepEqual(defaultWindow(0, 1, soft), soft);
  assert.deepEqual(dragWindow(soft, 512, -256, 4096), { centre: -2008, width: 4496 });
  assert.equal(dragWindow(soft, -10_000, 0, 4096).width, 1, 'never narrower than 1');
});
