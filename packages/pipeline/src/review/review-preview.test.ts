import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { isOncoAtlasError } from '@oncoatlas/core';
import { el, part10, TS, type El } from '@oncoatlas/testkit';
import { renderPreview } from './review-preview.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';

interface Image {
  readonly rows: number;
  readonly columns: number;
  readonly bits?: number;
  readonly stored?: number;
  readonly signed?: boolean;
  readonly samples?: number;
  readonly photometric?: string;
  readonly planar?: number;
  readonly pixels: El;
  readonly extra?: readonly El[];
  readonly ts?: string;
}

function instance(o: Image): Buffer {
  const bits = o.bits ?? 16;
  return part10({
    transferSyntax: o.ts ?? TS.explicitLE, sopClassUid: CT, sopInstanceUid: '1.2.3.4',
    dataset: [
      el(0x00080016, 'UI', CT), el(0x00080018, 'UI', '1.2.3.4'), el(0x00080060, 'CS', 'CT'),
      el(0x00280002, 'US', [o.samples ?? 1]), el(0x00280004, 'CS', o.photometric ?? 'MONOCHROME2'),
      ...(o.planar !== undefined ? [el(0x00280006, 'US', [o.planar])] : []),
      el(0x00280010, 'US', [o.rows]), el(0x00280011, 'US', [o.columns]),
      el(0x00280100, 'US', [bits]), el(0x00280101, 'US', [o.stored ?? bits]), el(0x00280102, 'US', [(o.stored ?? bits) - 1]),
      el(0x00280103, 'US', [o.signed ? 1 : 0]),
      ...(o.extra ?? []),
      o.pixels,
    ],
  });
}

function decoded(png: Buffer): { width: number; height: number; grey: (x: number, y: number) => number; rgb: (x: number, y: number) => number[] } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  const p = PNG.sync.read(png);
  const at = (x: number, y: number): number => (y * p.width + x) * 4;
  return { width: p.width, height: p.height, grey: (x, y) => p.data[at(x, y)]!, rgb: (x, y) => [...p.data.subarray(at(x, y), at(x, y) + 3)] };
}

function unavailable(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => renderPreview(bytes), (err: unknown) => isOncoAtlasError(err, 'PREVIEW_UNAVAILABLE') && pattern.test(err.message));
}

test('16-bit unsigned monochrome without a window spans its own min..max', () => {
  const png = decoded(renderPreview(instance({ rows: 2, columns: 3, pixels: el(0x7fe00010, 'OW', [100, 200, 300, 100, 300, 200]) })));
  assert.deepEqual([png.width, png.height], [3, 2]);
  assert.deepEqual([png.grey(0, 0), png.grey(1, 0), png.grey(2, 0), png.grey(0, 1)], [0, 128, 255, 0]);
});

test('signed pixels are rescaled and windowed as the file says (implicit VR little endian)', () => {
  // Stored -1024..976 with intercept -24: Hounsfield units; window 40/400 (soft tissue).
  const stored = [-1024, 40 + 24, 976, 0];
  const png = decoded(renderPreview(instance({
    ts: TS.implicitLE, rows: 2, columns: 2, signed: true, pixels: el(0x7fe00010, 'OW', stored.map((v) => v & 0xffff)),
    extra: [el(0x00281050, 'DS', '40\\300'), el(0x00281051, 'DS', '400\\1500'), el(0x00281052, 'DS', '-24'), el(0x00281053, 'DS', '1')],
  })));
  assert.deepEqual([png.grey(0, 0), png.grey(1, 0), png.grey(0, 1), png.grey(1, 1)], [0, 128, 255, 87]);
});

test('bits above Bits Stored are ignored, and a signed 12-bit value is sign-extended', () => {
  // 0xF000 garbage in the unused high bits; 0x0FFF is -1 in 12 bits, 0x0800 is -2048, 0x07FF is 2047.
  const png = decoded(renderPreview(instance({ rows: 1, columns: 3, stored: 12, signed: true, pixels: el(0x7fe00010, 'OW', [0xf800, 0xffff, 0x07ff]) })));
  assert.deepEqual([png.grey(0, 0), png.grey(1, 0), png.grey(2, 0)], [0, 127, 255]);
});

test('8-bit MONOCHROME1 in explicit VR big endian is inverted', () => {
  const png = decoded(renderPreview(instance({ ts: TS.explicitBE, rows: 1, columns: 3, bits: 8, photometric: 'MONOCHROME1', pixels: el(0x7fe00010, 'OB', [0, 10, 20, 0]) })));
  assert.deepEqual([png.width, png.height], [3, 1]);
  assert.deepEqual([png.grey(0, 0), png.grey(1, 0), png.grey(2, 0)], [255, 127, 0]);
});

test('16-bit big endian pixels are read most significant byte first', () => {
  const png = decoded(renderPreview(instance({ ts: TS.explicitBE, rows: 1, columns: 2, pixels: el(0x7fe00010, 'OW', [0x0100, 0x0001]) })));
  assert.deepEqual([png.grey(0, 0), png.grey(1, 0)], [255, 0]);
});

test('RGB is drawn from interleaved and from planar samples alike', () => {
  const red = [255, 0, 0];
  const green = [0, 255, 0];
  const interleaved = instance({ rows: 1, columns: 2, bits: 8, samples: 3, photometric: 'RGB', planar: 0, pixels: el(0x7fe00010, 'OB', [...red, ...green]) });
  const planar = instance({ rows: 1, columns: 2, bits: 8, samples: 3, photometric: 'RGB', planar: 1, pixels: el(0x7fe00010, 'OB', [255, 0, 0, 255, 0, 0]) });
  for (const bytes of [interleaved, planar]) {
    const png = decoded(renderPreview(bytes));
    assert.deepEqual([png.rgb(0, 0), png.rgb(1, 0)], [red, green]);
  }
});

/** PackBits as literal runs of at most 128 bytes. */
function packBits(plane: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < plane.length; i += 128) {
    const run = plane.slice(i, i + 128);
    out.push(run.length - 1, ...run);
  }
  return out;
}

function rleFrame(planes: readonly (readonly number[])[], replicate?: { value: number; count: number }): Uint8Array {
  const segments = planes.map((p, i) => i === 0 && replicate ? [257 - replicate.count, replicate.value] : packBits(p));
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  let offset = 64;
  segments.forEach((s, i) => { header.writeUInt32LE(offset, 4 + 4 * i); offset += s.length; });
  return Buffer.concat([header, ...segments.map((s) => Buffer.from(s))]);
}

test('RLE Lossless frames are decoded (16-bit grey, 8-bit RGB)', () => {
  const values = [0, 0x0100, 0x0200, 0x0300];
  const grey = instance({
    ts: TS.rle, rows: 2, columns: 2,
    pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), rleFrame([values.map((v) => v >> 8), values.map((v) => v & 0xff)])] },
  });
  const g = decoded(renderPreview(grey));
  assert.deepEqual([g.grey(0, 0), g.grey(1, 0), g.grey(0, 1), g.grey(1, 1)], [0, 85, 170, 255]);

  // Red by a replicate run, green and blue by literal runs.
  const rgb = instance({
    ts: TS.rle, rows: 1, columns: 3, bits: 8, samples: 3, photometric: 'RGB', planar: 0,
    pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), rleFrame([[], [0, 128, 255], [10, 20, 30]], { value: 200, count: 3 })] },
  });
  const c = decoded(renderPreview(rgb));
  assert.deepEqual([c.rgb(0, 0), c.rgb(1, 0), c.rgb(2, 0)], [[200, 0, 10], [200, 128, 20], [200, 255, 30]]);
});

test('a large frame is averaged down to 1024 px on its long side', () => {
  const [rows, columns] = [1024, 2048];
  const pixels = new Uint8Array(rows * columns);
  // Left half black, right half a checkerboard of 0/200: averaged, it becomes a flat 100.
  for (let y = 0; y < rows; y++) for (let x = columns / 2; x < columns; x++) pixels[y * columns + x] = (x + y) % 2 ? 200 : 0;
  const png = decoded(renderPreview(instance({ rows, columns, bits: 8, pixels: el(0x7fe00010, 'OB', pixels), extra: [el(0x00281050, 'DS', '128'), el(0x00281051, 'DS', '256')] })));
  assert.deepEqual([png.width, png.height], [1024, 512]);
  assert.equal(png.grey(100, 100), 0);
  assert.equal(png.grey(800, 300), 100);
  const small = decoded(renderPreview(instance({ rows, columns, bits: 8, pixels: el(0x7fe00010, 'OB', pixels) }), { maxSize: 256 }));
  assert.deepEqual([small.width, small.height], [256, 128]);
});

test('JPEG Baseline frames are decoded, also when split over fragments (colour and grey)', () => {
  // 32 x 16: left half dark red, right half light grey, encoded by jpeg-js (an independent encoder for this test).
  const [w, h] = [32, 16];
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set((i % w) < w / 2 ? [160, 20, 20, 255] : [220, 220, 220, 255], i * 4);
  const stream = new Uint8Array(encodeJpeg({ data: rgba, width: w, height: h }, 95).data);
  const even = (b: Uint8Array): Uint8Array => (b.length % 2 ? Uint8Array.from([...b, 0]) : b);
  const split = [stream.subarray(0, 100), stream.subarray(100)].map(even);
  for (const fragments of [[even(stream)], split]) {
    const colour = decoded(renderPreview(instance({ ts: TS.jpegBaseline, rows: h, columns: w, bits: 8, samples: 3, photometric: 'YBR_FULL_422', pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), ...fragments] } })));
    const near = (got: number[], want: number[]): boolean => got.every((v, i) => Math.abs(v - want[i]!) <= 12);
    assert.ok(near(colour.rgb(4, 8), [160, 20, 20]), `dark red, got ${colour.rgb(4, 8)}`);
    assert.ok(near(colour.rgb(28, 8), [220, 220, 220]), `light grey, got ${colour.rgb(28, 8)}`);
  }
  const grey = decoded(renderPreview(instance({ ts: TS.jpegBaseline, rows: h, columns: w, bits: 8, pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), even(stream)] } })));
  assert.ok(grey.grey(4, 8) < grey.grey(28, 8), 'a grey image keeps its contrast');
});

test('compressed, pixel-less and unreadable files are PREVIEW_UNAVAILABLE, saying why', () => {
  const j2k = instance({ ts: '1.2.840.10008.1.2.4.90', rows: 2, columns: 2, bits: 8, pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), new Uint8Array([0xff, 0x4f, 0xff, 0xd9])] } });
  unavailable(j2k, /JPEG 2000 Lossless \(1\.2\.840\.10008\.1\.2\.4\.90\)/);
  const damaged = instance({ ts: TS.jpegBaseline, rows: 2, columns: 2, bits: 8, pixels: { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), new Uint8Array([0xff, 0xd8, 0xff, 0xd9])] } });
  unavailable(damaged, /JPEG Baseline frame cannot be decoded/);
  const sr = part10({ transferSyntax: TS.explicitLE, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22', sopInstanceUid: '1.2.3.5', dataset: [el(0x00080060, 'CS', 'SR')] });
  unavailable(sr, /no pixel data/);
  unavailable(new Uint8Array(64), /cannot be read as DICOM \(DICOM_NOT_PART10\)/);
  unavailable(instance({ rows: 4, columns: 4, pixels: el(0x7fe00010, 'OW', [1, 2]) }), /fewer than one 4 x 4 frame/);
  unavailable(instance({ rows: 1, columns: 1, bits: 8, photometric: 'PALETTE COLOR', pixels: el(0x7fe00010, 'OB', [1, 2]) }), /PALETTE/);
});
