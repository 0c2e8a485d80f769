import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRleFrame } from '../review/rle-decode.ts';
import { encodeRleFrame } from './rle-encode.ts';

function roundTrip(bytes: Uint8Array, rows: number, columns: number, samples: number, bytesPerSample: number): Uint8Array {
  const frame = encodeRleFrame(bytes, rows, columns, samples, bytesPerSample);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  assert.equal(view.getUint32(0, true), samples * bytesPerSample, 'one segment a byte plane');
  for (let s = 0; s < samples * bytesPerSample; s++) assert.equal(view.getUint32(4 + 4 * s, true) % 2, 0, 'segments start at even offsets (G.5)');
  assert.equal(frame.length % 2, 0);
  assert.deepEqual(decodeRleFrame(frame, rows * columns, samples, bytesPerSample), bytes);
  return frame;
}

test('runs longer than 128, runs of two, literals longer than 128 and single columns decode to the input', () => {
  const columns = 300;
  const row = [...Array(200).fill(7), 1, 1, 2, 3, 3, 4, ...Array.from({ length: 94 }, (_, i) => (i * 37) % 251)];
  const literal = Array.from({ length: columns }, (_, i) => (i * 13) % 256);
  roundTrip(new Uint8Array([...row, ...literal, ...Array(columns).fill(0)]), 3, columns, 1, 1);
  roundTrip(new Uint8Array([5, 5, 5, 9, 9]), 5, 1, 1, 1);
});

test('16-bit colour by plane, most significant byte first, rows encoded apart', () => {
  const rows = 4;
  const columns = 5;
  const bytes = new Uint8Array(rows * columns * 3 * 2).map((_, i) => (i % 7 < 4 ? 200 : i % 256));
  roundTrip(bytes, rows, columns, 3, 2);
  // A run spanning two rows is cut at the row's end: two replicate runs, not one.
  const flat = encodeRleFrame(new Uint8Array(8).fill(9), 2, 4, 1, 1);
  assert.deepEqual([...flat.subarray(64)], [253, 9, 253, 9]);
});
