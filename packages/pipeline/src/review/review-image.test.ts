import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { isOncoAtlasError } from '@oncoatlas/core';
import { el, part10, TS, type El } from '@oncoatlas/testkit';
import { renderReviewImage } from './review-image.ts';

const SC = '1.2.840.10008.5.1.4.1.1.7';

function file(rows: number, columns: number, bits: number, pixel: El, extra: readonly El[] = [], samples = 1): Buffer {
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: SC, sopInstanceUid: '1.2.3.5',
    dataset: [
      el(0x00080016, 'UI', SC), el(0x00080018, 'UI', '1.2.3.5'),
      el(0x00280002, 'US', [samples]), el(0x00280004, 'CS', samples === 3 ? 'RGB' : 'MONOCHROME2'),
      ...(samples === 3 ? [el(0x00280006, 'US', [0])] : []),
      el(0x00280010, 'US', [rows]), el(0x00280011, 'US', [columns]),
      el(0x00280100, 'US', [bits]), el(0x00280101, 'US', [bits]), el(0x00280102, 'US', [bits - 1]),
      ...extra, pixel,
    ],
  });
}

const samplesOf = (png: Buffer): number[] => {
  const p = PNG.sync.read(png, { skipRescale: true } as never) as unknown as { data: Uint8Array | Uint16Array; width: number; height: number };
  const out: number[] = [];
  for (let i = 0; i < p.width * p.height; i++) out.push(p.data[i * 4]!);
  return out;
};

test('signed 16-bit CT keeps every stored value in a 16-bit PNG, with the rescale and window to show it', () => {
  const stored = [-2000, -1024, 0, 3000];
  const image = renderReviewImage(file(2, 2, 16, el(0x7fe00010, 'OW', stored.map((v) => v & 0xffff)), [
    el(0x00280103, 'US', [1]), el(0x00281050, 'DS', '40\\300'), el(0x00281051, 'DS', '400\\1500'), el(0x00281052, 'DS', '-24'), el(0x00281053, 'DS', '1'),
  ]));
  assert.deepEqual([image.width, image.height, image.bitDepth, image.frames, image.photometric], [2, 2, 16, 1, 'MONOCHROME2']);
  assert.deepEqual(image.png.subarray(24, 26), Buffer.from([16, 0]), 'IHDR: 16-bit greyscale');
  const values = samplesOf(image.png).map((s) => s * image.valueSlope + image.valueIntercept);
  assert.deepEqual(values, stored.map((v) => v - 24), 'each modality value recovered exactly');
  assert.deepEqual([image.min, image.max, image.window], [-2024, 2976, { centre: 40, width: 400 }]);
  assert.deepEqual([image.rescaleSlope, image.rescaleIntercept], [1, -24]);
});

test('8-bit grey stays 8-bit at full size; the frame asked is the one drawn', () => {
  const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
  const bytes = file(3, 4, 8, el(0x7fe00010, 'OB', pixels), [el(0x00280008, 'IS', '2')]);
  const second = renderReviewImage(bytes, { frame: 2 });
  assert.deepEqual([second.width, second.height, second.bitDepth, second.frames, second.window], [4, 3, 8, 2, null]);
  assert.deepEqual(samplesOf(second.png), pixels.slice(12));
  assert.deepEqual([second.min, second.max], [120, 230]);
  assert.throws(() => renderReviewImage(bytes, { frame: 3 }), (err: unknown) => isOncoAtlasError(err, 'PREVIEW_UNAVAILABLE') && /2 frame/.test(err.message));
});

test('RGB is an 8-bit colour PNG with no window', () => {
  const image = renderReviewImage(file(1, 2, 8, el(0x7fe00010, 'OB', [255, 0, 0, 0, 0, 255]), [], 3));
  assert.deepEqual([image.photometric, image.bitDepth, image.window, image.png[25]], ['RGB', 8, null, 2]);
  const p = PNG.sync.read(image.png);
  assert.deepEqual([...p.data], [255, 0, 0, 255, 0, 0, 255, 255]);
});
