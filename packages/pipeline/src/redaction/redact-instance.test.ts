import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { isOncoAtlasError } from '@oncoatlas/core';
import { findElement, parsePart10, PIXEL_DATA, stringAt, type DicomFile } from '@oncoatlas/dicom';
import { el, errorDelta, part10, requireTool, runDciodvfy, runDcmdump, sq, TS, type El } from '@oncoatlas/testkit';
import { decodeRleFrame } from '../review/rle-decode.ts';
import { redactInstance, type Box } from './redact-instance.ts';
import { encodeRleFrame } from './rle-encode.ts';

const SC = '1.2.840.10008.5.1.4.1.1.7';
const BOXES: Box[] = [[2, 1, 3, 2], [6, 4, 9, 9]];
const METHOD = 'Burned-in text blanked (test)';
const tmp = mkdtempSync(join(tmpdir(), 'oncoatlas-redact-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Spec {
  readonly ts: string;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly bits: 8 | 16;
  readonly stored?: number;
  readonly signed?: boolean;
  readonly photometric: string;
  readonly planar?: 0 | 1;
  /** 8-bit samples written as OW (swapped in pairs in big endian). */
  readonly ow?: boolean;
}

const samplesOf = (s: Spec): number => (s.photometric.startsWith('MONO') ? 1 : 3);

/** Raw sample words in frame, pixel, sample order; junk above Bits Stored where there is room for it. */
function rawPixels(s: Spec, seed = 7): number[] {
  let x = seed;
  const n = s.frames * s.rows * s.columns * samplesOf(s);
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return s.bits === 8 ? x & 0xff : (x >>> 3) & 0xffff;
  });
}

/** Where sample `s` of pixel `i` of frame `f` sits, in samples from the start of the value. */
function sampleIndex(s: Spec, f: number, i: number, c: number): number {
  const n = s.rows * s.columns;
  const S = samplesOf(s);
  return f * n * S + (s.planar === 1 ? c * n + i : i * S + c);
}

function pack(s: Spec, raw: readonly number[], littleEndian: boolean): Uint8Array {
  const S = samplesOf(s);
  const out = new Uint8Array(raw.length * (s.bits / 8));
  for (let f = 0, k = 0; f < s.frames; f++) {
    for (let i = 0; i < s.rows * s.columns; i++) {
      for (let c = 0; c < S; c++, k++) {
        const at = sampleIndex(s, f, i, c);
        if (s.bits === 16) { out[2 * at + (littleEndian ? 0 : 1)] = raw[k]! & 0xff; out[2 * at + (littleEndian ? 1 : 0)] = raw[k]! >>> 8; }
        else out[!littleEndian && s.ow ? at ^ 1 : at] = raw[k]!;
      }
    }
  }
  return out;
}

function unpack(s: Spec, bytes: Uint8Array, littleEndian: boolean): number[] {
  const S = samplesOf(s);
  const out: number[] = [];
  for (let f = 0; f < s.frames; f++) {
    for (let i = 0; i < s.rows * s.columns; i++) {
      for (let c = 0; c < S; c++) {
        const at = sampleIndex(s, f, i, c);
        out.push(s.bits === 16 ? (littleEndian ? bytes[2 * at]! | (bytes[2 * at + 1]! << 8) : (bytes[2 * at]! << 8) | bytes[2 * at + 1]!) : bytes[!littleEndian && s.ow ? at ^ 1 : at]!);
      }
    }
  }
  return out;
}

const inside = (x: number, y: number): boolean => BOXES.some(([bx, by, w, h]) => x >= bx && x < bx + w && y >= by && y < by + h);

/** The input with every sample inside the boxes blanked as the contract says; and how many pixels changed. */
function expected(s: Spec, raw: readonly number[]): { raw: number[]; changed: number } {
  const S = samplesOf(s);
  const bitsStored = s.stored ?? s.bits;
  const mask = 2 ** bitsStored - 1;
  const out = [...raw];
  let changed = 0;
  const perFrame = s.rows * s.columns * S;
  for (let f = 0; f < s.frames; f++) {
    const frame = raw.slice(f * perFrame, (f + 1) * perFrame);
    const value = (r: number): number => { const v = r & mask; return s.signed && v >= 2 ** (bitsStored - 1) ? v - 2 ** bitsStored : v; };
    const blank = S === 1 ? [Math.min(...frame.map(value)) & mask] : s.photometric === 'YBR_FULL' ? [0, 2 ** (bitsStored - 1), 2 ** (bitsStored - 1)] : [0, 0, 0];
    for (let i = 0; i < s.rows * s.columns; i++) {
      if (!inside(i % s.columns, Math.floor(i / s.columns))) continue;
      let differs = false;
      for (let c = 0; c < S; c++) {
        const k = f * perFrame + i * S + c;
        if (out[k] !== blank[c]) { out[k] = blank[c]!; differs = true; }
      }
      if (differs) changed++;
    }
  }
  return { raw: out, changed };
}

/** A Secondary Capture instance complete enough that dciodvfy's verdict means something. */
function instance(s: Spec, pixels: El, extra: readonly El[] = []): Buffer {
  const multi = s.frames > 1;
  return part10({
    transferSyntax: s.ts, sopClassUid: SC, sopInstanceUid: '1.2.826.0.1.3680043.10.99.1',
    dataset: [
      el(0x00080008, 'CS', 'DERIVED\\SECONDARY'), el(0x00080016, 'UI', SC), el(0x00080018, 'UI', '1.2.826.0.1.3680043.10.99.1'),
      el(0x00080020, 'DA', '20210312'), el(0x00080030, 'TM', '101500'), el(0x00080050, 'SH', 'ACC1'), el(0x00080060, 'CS', 'OT'),
      el(0x00080064, 'CS', 'WSD'), el(0x00080090, 'PN', ''), el(0x00100010, 'PN', 'GARCIA^MARIA'), el(0x00100020, 'LO', 'PAT-1'),
      el(0x00100030, 'DA', '19600101'), el(0x00100040, 'CS', 'F'), el(0x0020000d, 'UI', '1.2.826.0.1.3680043.10.99.2'),
      el(0x0020000e, 'UI', '1.2.826.0.1.3680043.10.99.3'), el(0x00200010, 'SH', '1'), el(0x00200011, 'IS', '1'), el(0x00200013, 'IS', '1'),
      el(0x00200020, 'CS', ''),
      el(0x00280002, 'US', [samplesOf(s)]), el(0x00280004, 'CS', s.photometric),
      ...(samplesOf(s) === 3 ? [el(0x00280006, 'US', [s.planar ?? 0])] : []),
      ...(multi ? [el(0x00280008, 'IS', String(s.frames))] : []),
      el(0x00280010, 'US', [s.rows]), el(0x00280011, 'US', [s.columns]), el(0x00280100, 'US', [s.bits]),
      el(0x00280101, 'US', [s.stored ?? s.bits]), el(0x00280102, 'US', [(s.stored ?? s.bits) - 1]), el(0x00280103, 'US', [s.signed ? 1 : 0]),
      el(0x00280301, 'CS', 'YES'),
      ...extra,
      pixels,
    ],
  });
}

function nativeInstance(s: Spec, raw: readonly number[], extra: readonly El[] = []): Buffer {
  const le = s.ts !== TS.explicitBE;
  return instance(s, el(PIXEL_DATA, s.bits === 16 || s.ow ? 'OW' : 'OB', pack(s, raw, le)), extra);
}

function pixelValue(f: DicomFile): Uint8Array {
  const p = findElement(f.dataset, PIXEL_DATA)!;
  return f.buffer.subarray(p.valueOffset, p.valueOffset + p.length);
}

/** dcmdump reads the output whole, and dciodvfy finds no error the input did not have. */
function validate(t: TestContext, name: string, input: Uint8Array, output: Uint8Array): void {
  if (!requireTool(t, 'dcmdump') || !requireTool(t, 'dciodvfy')) return;
  const [a, b] = [join(tmp, `${name}-in.dcm`), join(tmp, `${name}-out.dcm`)];
  writeFileSync(a, input);
  writeFileSync(b, output);
  const dump = runDcmdump(b);
  assert.ok(dump.ok, dump.errors.join('\n'));
  assert.deepEqual(errorDelta(runDciodvfy(a), runDciodvfy(b)), [], `${name}: new dciodvfy errors`);
}

const NATIVE: [string, Spec][] = [
  ['explicit LE, 16-bit signed in 12 bits, 3 frames', { ts: TS.explicitLE, rows: 12, columns: 16, frames: 3, bits: 16, stored: 12, signed: true, photometric: 'MONOCHROME2' }],
  ['implicit LE, 8-bit MONOCHROME1, odd length', { ts: TS.implicitLE, rows: 11, columns: 13, frames: 1, bits: 8, photometric: 'MONOCHROME1' }],
  ['explicit big endian, 16-bit unsigned, 2 frames', { ts: TS.explicitBE, rows: 10, columns: 12, frames: 2, bits: 16, photometric: 'MONOCHROME2' }],
  ['explicit big endian, 8-bit in OW (swapped pairs)', { ts: TS.explicitBE, rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'MONOCHROME2', ow: true }],
  ['explicit LE, RGB by pixel, 2 frames', { ts: TS.explicitLE, rows: 10, columns: 12, frames: 2, bits: 8, photometric: 'RGB', planar: 0 }],
  ['implicit LE, RGB by plane, 2 frames', { ts: TS.implicitLE, rows: 10, columns: 12, frames: 2, bits: 8, photometric: 'RGB', planar: 1 }],
  ['explicit LE, YBR_FULL blanked to black', { ts: TS.explicitLE, rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'YBR_FULL', planar: 0 }],
  ['deflated explicit LE, 16-bit unsigned', { ts: TS.deflated, rows: 10, columns: 12, frames: 1, bits: 16, photometric: 'MONOCHROME2' }],
];

for (const [name, s] of NATIVE) {
  test(`uncompressed: ${name}: blank inside the boxes, every other sample unchanged`, (t) => {
    const raw = rawPixels(s);
    const input = nativeInstance(s, raw);
    const r = redactInstance(input, BOXES, { method: METHOD, cleaned: true });
    assert.equal(r.transferSyntax, s.ts);
    const out = parsePart10(r.bytes);
    const want = expected(s, raw);
    assert.deepEqual(unpack(s, pixelValue(out), s.ts !== TS.explicitBE), want.raw);
    assert.equal(r.changedPixels, want.changed);
    assert.ok(r.changedPixels > 0);
    validate(t, name.replace(/\W+/g, '-'), input, r.bytes);
  });
}

test('the header records the method and Clean Pixel Data once; Burned In Annotation is NO only when cleaned; the icon goes', () => {
  const s: Spec = { ts: TS.explicitLE, rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'MONOCHROME2' };
  const extra = [
    el(0x00120063, 'LO', 'OncoAtlas 0.1.0\\Basic Application Confidentiality Profile'),
    sq(0x00120064, [[el(0x00080100, 'SH', '113100'), el(0x00080102, 'SH', 'DCM'), el(0x00080104, 'LO', 'Basic Application Confidentiality Profile')]]),
    sq(0x00880200, [[el(0x00280010, 'US', [2]), el(0x00280011, 'US', [2]), el(PIXEL_DATA, 'OB', new Uint8Array(4))]]),
  ];
  const input = nativeInstance(s, rawPixels(s), extra);
  const held = parsePart10(redactInstance(input, BOXES, { method: METHOD }).bytes);
  assert.equal(stringAt(held.buffer, held.dataset, 0x00280301)?.trim(), 'YES', 'not cleaned: the flag stays');
  const once = redactInstance(input, BOXES, { method: METHOD, cleaned: true }).bytes;
  const twice = parsePart10(redactInstance(once, BOXES, { method: METHOD, cleaned: true }).bytes);
  const ds = twice.dataset;
  assert.equal(stringAt(twice.buffer, ds, 0x00280301)?.trim(), 'NO');
  assert.equal(stringAt(twice.buffer, ds, 0x00120063)?.trim(), `OncoAtlas 0.1.0\\Basic Application Confidentiality Profile\\${METHOD}`);
  const codes = findElement(ds, 0x00120064)!.items!.map((item) => stringAt(twice.buffer, item, 0x00080100)?.trim());
  assert.deepEqual(codes, ['113100', '113101']);
  const added = findElement(ds, 0x00120064)!.items![1]!;
  assert.equal(stringAt(twice.buffer, added, 0x00080104)?.trim(), 'Clean Pixel Data Option');
  assert.equal(findElement(ds, 0x00880200), undefined);
});

test('boxes outside the image, no boxes, or a method that is no LO value are refused', () => {
  const s: Spec = { ts: TS.explicitLE, rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'MONOCHROME2' };
  const input = nativeInstance(s, rawPixels(s));
  const usage = (err: unknown): boolean => isOncoAtlasError(err, 'USAGE');
  const badBox = (err: unknown): boolean => isOncoAtlasError(err, 'REDACTION_INVALID_BOX');
  assert.throws(() => redactInstance(input, [[20, 0, 5, 5]], { method: METHOD }), badBox);
  assert.throws(() => redactInstance(input, [[0, 0, 0, 5]], { method: METHOD }), badBox);
  assert.throws(() => redactInstance(input, [], { method: METHOD }), usage);
  assert.throws(() => redactInstance(input, BOXES, { method: 'a\\b' }), usage);
});

test('a photometric interpretation it cannot blank safely is refused, naming it', () => {
  const s: Spec = { ts: TS.explicitLE, rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'PALETTE COLOR' };
  const input = instance(s, el(PIXEL_DATA, 'OB', new Uint8Array(120)));
  assert.throws(() => redactInstance(input, BOXES, { method: METHOD }), (err: unknown) => isOncoAtlasError(err, 'REDACTION_UNSUPPORTED') && /PALETTE COLOR/.test(err.message));
});

test('a compressed syntax other than RLE and JPEG Baseline is refused, naming it', () => {
  const s: Spec = { ts: '1.2.840.10008.1.2.4.90', rows: 10, columns: 12, frames: 1, bits: 8, photometric: 'MONOCHROME2' };
  const input = instance(s, { tag: PIXEL_DATA, vr: 'OB', fragments: [new Uint8Array(0), new Uint8Array([0xff, 0x4f, 0xff, 0x51])] });
  assert.throws(() => redactInstance(input, BOXES, { method: METHOD }), (err: unknown) =>
    isOncoAtlasError(err, 'REDACTION_UNSUPPORTED') && /JPEG 2000 \(1\.2\.840\.10008\.1\.2\.4\.90\)/.test(err.message));
});

/** Each RLE fragment of the output, decoded. */
function rleFrames(f: DicomFile, s: Spec): Uint8Array[] {
  const p = findElement(f.dataset, PIXEL_DATA)!;
  return p.fragments!.slice(1).map((fr) => decodeRleFrame(f.buffer.subarray(fr.valueOffset, fr.valueOffset + fr.length), s.rows * s.columns, samplesOf(s), s.bits / 8));
}

test('RLE Lossless stays RLE: multi-frame 16-bit, blanked and re-encoded losslessly', (t) => {
  const s: Spec = { ts: TS.rle, rows: 12, columns: 140, frames: 3, bits: 16, photometric: 'MONOCHROME2' };
  const raw = rawPixels(s).map((v, i) => (i % 40 < 30 ? 1000 : v)); // runs and noise, as images have
  const perFrame = s.rows * s.columns;
  const one: Spec = { ...s, frames: 1 };
  // Made with our encoder; dcmdrle checks that encoder independently below.
  const fragments = [new Uint8Array(0), ...Array.from({ length: s.frames }, (_, f) => encodeRleFrame(pack(one, raw.slice(f * perFrame, (f + 1) * perFrame), true), s.rows, s.columns, 1, 2))];
  const input = instance(s, { tag: PIXEL_DATA, vr: 'OB', fragments });
  const r = redactInstance(input, BOXES, { method: METHOD, cleaned: true });
  assert.equal(r.transferSyntax, TS.rle);
  const got = rleFrames(parsePart10(r.bytes), s).flatMap((fr) => unpack(one, fr, true));
  const want = expected(s, raw);
  assert.deepEqual(got, want.raw);
  assert.equal(r.changedPixels, want.changed);
  validate(t, 'rle-16', input, r.bytes);
});

function dcmtk(t: TestContext, tool: string, args: string[]): boolean {
  if (!requireTool(t, tool)) return false;
  execFileSync(tool, args, { stdio: 'pipe' });
  return true;
}

test('RLE made by dcmtk (RGB and signed 16-bit, multi-frame): dcmdrle decodes our output to the expected pixels', (t) => {
  for (const s of [
    { ts: TS.explicitLE, rows: 20, columns: 30, frames: 2, bits: 8, photometric: 'RGB', planar: 0 },
    { ts: TS.explicitLE, rows: 20, columns: 30, frames: 2, bits: 16, stored: 12, signed: true, photometric: 'MONOCHROME2' },
  ] satisfies Spec[]) {
    const raw = rawPixels(s).map((v, i) => (s.stored ? v & 0x0fff : v));
    const [plain, rle, redacted, back] = ['plain', 'rle', 'redacted', 'back'].map((n) => join(tmp, `dcmtk-${s.bits}-${n}.dcm`)) as [string, string, string, string];
    writeFileSync(plain, nativeInstance(s, raw));
    if (!dcmtk(t, 'dcmcrle', [plain, rle])) return;
    const input = readFileSync(rle);
    const r = redactInstance(input, BOXES, { method: METHOD, cleaned: true });
    writeFileSync(redacted, r.bytes);
    if (!dcmtk(t, 'dcmdrle', ['+te', redacted, back])) return;
    const want = expected(s, raw);
    assert.deepEqual(unpack(s, pixelValue(parsePart10(readFileSync(back))), true), want.raw);
    assert.equal(r.changedPixels, want.changed);
    validate(t, `dcmtk-rle-${s.bits}`, input, r.bytes);
  }
});

/** A smooth image with noise: what JPEG is made for. */
function photo(s: Spec): number[] {
  const S = samplesOf(s);
  const noise = rawPixels(s);
  return noise.map((v, k) => {
    const i = Math.floor(k / S) % (s.rows * s.columns);
    const [x, y, c] = [i % s.columns, Math.floor(i / s.columns), k % S];
    return Math.min(255, Math.round((x * 255) / s.columns / 2 + (y * 255) / s.rows / 3 + c * 30 + (v % 16)));
  });
}

/** Frames of JPEG Baseline input decoded by jpeg-js, as the contract's reference for "the decoded values". */
function decodedInput(input: Uint8Array, s: Spec): number[] {
  const f = parsePart10(input);
  const fr = findElement(f.dataset, PIXEL_DATA)!.fragments!.slice(1);
  assert.equal(fr.length, s.frames, 'one fragment a frame');
  return fr.flatMap((x) => {
    const img = decodeJpeg(f.buffer.subarray(x.valueOffset, x.valueOffset + x.length), { useTArray: true, formatAsRGBA: false });
    return samplesOf(s) === 1 ? Array.from({ length: s.rows * s.columns }, (_, i) => img.data[3 * i]!) : [...img.data];
  });
}

function checkJpegOutput(input: Uint8Array, s: Spec, r: ReturnType<typeof redactInstance>): DicomFile {
  assert.equal(r.transferSyntax, TS.explicitLE);
  const out = parsePart10(r.bytes);
  assert.equal(out.transferSyntax.uid, TS.explicitLE);
  const ds = out.dataset;
  const plain: Spec = { ...s, ts: TS.explicitLE, planar: 0, photometric: samplesOf(s) === 3 ? 'RGB' : s.photometric };
  const want = expected(plain, decodedInput(input, s));
  assert.deepEqual(unpack(plain, pixelValue(out), true), want.raw, 'identical decoded pixels outside the boxes, blank inside');
  assert.equal(r.changedPixels, want.changed);
  assert.equal(findElement(ds, PIXEL_DATA)!.vr, 'OB');
  assert.equal(stringAt(out.buffer, ds, 0x00282110)?.trim(), '01', 'still lossy');
  assert.equal(stringAt(out.buffer, ds, 0x00280004)?.trim(), plain.photometric);
  return out;
}

test('JPEG Baseline (jpeg-js, no lossy attributes) becomes explicit VR LE, adding ratio and method', (t) => {
  const s: Spec = { ts: TS.jpegBaseline, rows: 24, columns: 32, frames: 1, bits: 8, photometric: 'MONOCHROME2' };
  const grey = photo(s);
  const rgba = Buffer.alloc(s.rows * s.columns * 4);
  grey.forEach((v, i) => { rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; rgba[4 * i + 3] = 255; });
  const jpeg = encodeJpeg({ data: rgba, width: s.columns, height: s.rows }, 80).data;
  const input = instance(s, { tag: PIXEL_DATA, vr: 'OB', fragments: [new Uint8Array(0), jpeg] });
  const out = checkJpegOutput(input, s, redactInstance(input, BOXES, { method: METHOD, cleaned: true }));
  assert.equal(stringAt(out.buffer, out.dataset, 0x00282114)?.trim(), 'ISO_10918_1');
  assert.ok(Number(stringAt(out.buffer, out.dataset, 0x00282112)) > 1);
  validate(t, 'jpeg-js-grey', input, redactInstance(input, BOXES, { method: METHOD, cleaned: true }).bytes);
});

test('JPEG Baseline made by dcmcjpeg (YBR_FULL_422 colour, 2 frames; grey): RGB out, lossy attributes kept', (t) => {
  for (const s of [
    { ts: TS.explicitLE, rows: 32, columns: 48, frames: 2, bits: 8, photometric: 'RGB', planar: 0 },
    { ts: TS.explicitLE, rows: 32, columns: 48, frames: 1, bits: 8, photometric: 'MONOCHROME2' },
  ] satisfies Spec[]) {
    const [plain, jpeg] = ['plain', 'jpeg'].map((n) => join(tmp, `dcmcjpeg-${s.photometric}-${n}.dcm`)) as [string, string];
    writeFileSync(plain, nativeInstance(s, photo(s)));
    if (!dcmtk(t, 'dcmcjpeg', ['+eb', plain, jpeg])) return;
    const input = readFileSync(jpeg);
    const inFile = parsePart10(input);
    const js: Spec = { ...s, ts: TS.jpegBaseline, photometric: stringAt(inFile.buffer, inFile.dataset, 0x00280004)!.trim() };
    if (samplesOf(s) === 3) assert.equal(js.photometric, 'YBR_FULL_422');
    const r = redactInstance(input, BOXES, { method: METHOD, cleaned: true });
    const out = checkJpegOutput(input, js, r);
    for (const tg of [0x00282112, 0x00282114]) assert.equal(stringAt(out.buffer, out.dataset, tg), stringAt(inFile.buffer, inFile.dataset, tg));
    validate(t, `dcmcjpeg-${s.photometric}`, input, r.bytes);
  }
});
