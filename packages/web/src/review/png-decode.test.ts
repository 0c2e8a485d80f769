import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { decodePng } from './png-decode.ts';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  // The decoder does not check CRCs (the bytes come over TLS from the node); zeros suffice here.
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

/** A PNG as the spec lays it out, rows filtered with the given types, the data split over two IDAT chunks. */
function png(width: number, height: number, depth: number, colour: number, rows: number[][], filters: number[]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = depth; ihdr[9] = colour;
  const raw = Buffer.concat(rows.map((r, y) => Buffer.from([filters[y]!, ...r])));
  const z = deflateSync(raw);
  const half = Math.floor(z.length / 2);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', z.subarray(0, half)), chunk('IDAT', z.subarray(half)), chunk('IEND', new Uint8Array())]);
}

test('16-bit grey keeps all 16 bits, through each row filter', async () => {
  // Values 0x0102, 0xFFFE / 0x0010, 0x8000; row 2 stored with the Up filter, differences mod 256 per byte.
  const row1 = [0x01, 0x02, 0xff, 0xfe];
  const row2 = [0x00, 0x10, 0x80, 0x00].map((v, i) => (v - row1[i]! + 256) & 0xff);
  const image = await decodePng(png(2, 2, 16, 0, [row1, row2], [0, 2]));
  assert.deepEqual([image.width, image.height, image.channels, image.bitDepth], [2, 2, 1, 16]);
  assert.deepEqual([...image.samples], [0x0102, 0xfffe, 0x0010, 0x8000]);
});

test('8-bit RGB with Sub, Average and Paeth filters', async () => {
  const pixels = [[10, 20, 30, 40, 50, 60], [11, 22, 33, 44, 55, 66], [5, 6, 7, 8, 9, 10]];
  const sub = pixels[0]!.map((v, i) => (v - (i >= 3 ? pixels[0]![i - 3]! : 0) + 256) & 0xff);
  const avg = pixels[1]!.map((v, i) => (v - (((i >= 3 ? pixels[1]![i - 3]! : 0) + pixels[0]![i]!) >> 1) + 256) & 0xff);
  const paeth = (a: number, b: number, c: number): number => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  const pae = pixels[2]!.map((v, i) => (v - paeth(i >= 3 ? pixels[2]![i - 3]! : 0, pixels[1]![i]!, i >= 3 ? pixels[1]![i - 3]! : 0) + 256) & 0xff);
  const image = await decodePng(png(2, 3, 8, 2, [sub, avg, pae], [1, 3, 4]));
  assert.deepEqual([image.channels, image.bitDepth], [3, 8]);
  assert.deepEqual([...image.samples], pixels.flat());
});

test('what the node does not send is refused, not misread', async () => {
  await assert.rejects(decodePng(Buffer.from('not a png at all, clearly not a png')), /not a PNG/);
  await assert.rejects(decodePng(png(1, 1, 8, 6, [[0, 0, 0, 0]], [0])), /colour type 6/);
});
