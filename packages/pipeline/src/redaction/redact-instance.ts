/**
 * Clean Pixel Data (PS3.15 E.3.1) for one instance: blanks boxes in every frame and changes nothing else in the
 * pixels. Uncompressed pixel data is edited in its own encoding; RLE Lossless is decoded, blanked and re-encoded
 * as RLE (lossless both ways); JPEG Baseline is decoded and written uncompressed (Explicit VR Little Endian), so
 * the image takes no second lossy step and keeps saying it was lossy once. Other compressed syntaxes are refused,
 * naming the syntax: a file passed through unredacted would ship its burned-in text.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import {
  ByteSink, concatSegments, EXPLICIT_LE, EXPLICIT_VR_LITTLE_ENDIAN, fileMetaOf, findElement, KEEP, parsePart10, PIXEL_DATA, REMOVE, stringAt,
  uint16Value, UNDEFINED_LENGTH, writeDataSet, writeElementHeader, writeFileMeta, writePart10,
  type DataSetEditor, type DicomFile, type Edit, type Element, type Fragment, type NewElement,
} from '@oncoatlas/dicom';
import { decodeRleFrame } from '../review/rle-decode.ts';
import { blankFrame, pixelRects, type Box, type Rect, type SampleLayout } from './blank-frame.ts';
import { checkMethod, redactionStamps } from './redaction-stamps.ts';
import { encodeRleFrame } from './rle-encode.ts';

export type { Box } from './blank-frame.ts';

export interface RedactOptions {
  /** Appended to De-identification Method (0012,0063): how the boxes were found, e.g. `Burned-in text blanked (OCR and device template)`. */
  readonly method: string;
  /** The boxes cover every piece of burned-in text (a reviewer or the detector says so): Burned In Annotation becomes NO. */
  readonly cleaned?: boolean;
}

export interface RedactedInstance {
  readonly bytes: Buffer;
  /** Pixels whose value changed, over all frames. */
  readonly changedPixels: number;
  /** The transfer syntax of the output: the input's, except Explicit VR Little Endian for JPEG Baseline input. */
  readonly transferSyntax: string;
}

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const T = {
  samples: 0x00280002, photometric: 0x00280004, planar: 0x00280006, frames: 0x00280008, rows: 0x00280010, columns: 0x00280011,
  bitsAllocated: 0x00280100, bitsStored: 0x00280101, highBit: 0x00280102, pixelRepresentation: 0x00280103,
  lossy: 0x00282110, lossyRatio: 0x00282112, lossyMethod: 0x00282114,
  iconImage: 0x00880200, extendedOffsets: 0x7fe00001, extendedLengths: 0x7fe00002,
} as const;

function refuse(why: string, details: Record<string, string> = {}): never {
  throw oncoError('REDACTION_UNSUPPORTED', `The pixels cannot be redacted: ${why}. The instance stays held for review.`, details);
}

/** A codec family for the refusal (the UID alone means little to a steward). */
function codecOf(uid: string): string {
  const n = /^1\.2\.840\.10008\.1\.2\.4\.(\d+)$/.exec(uid)?.[1];
  const k = n === undefined ? -1 : Number(n);
  const family = k >= 50 && k <= 70 ? 'JPEG' : k >= 80 && k <= 81 ? 'JPEG-LS' : k >= 90 && k <= 93 ? 'JPEG 2000'
    : k >= 100 && k < 200 ? 'MPEG/HEVC video' : k >= 201 && k <= 205 ? 'HTJ2K' : 'a compressed transfer syntax';
  return `${family} (${uid})`;
}

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

interface Geometry extends Omit<SampleLayout, 'planar' | 'littleEndian' | 'swappedPairs' | 'ybr' | 'bytesPerSample'> {
  readonly bitsAllocated: number;
  readonly photometric: string;
  readonly frames: number;
  readonly planarConfiguration: number;
}

function geometryOf(f: DicomFile): Geometry {
  const ds = f.dataset;
  const us = (t: number): number | undefined => {
    const el = findElement(ds, t);
    return el && el.items === null ? uint16Value(f.buffer, el, ds.syntax.littleEndian) : undefined;
  };
  const rows = us(T.rows) ?? 0;
  const columns = us(T.columns) ?? 0;
  const samples = us(T.samples) ?? 1;
  const bitsAllocated = us(T.bitsAllocated) ?? 0;
  const bitsStored = us(T.bitsStored) ?? bitsAllocated;
  const highBit = us(T.highBit) ?? bitsStored - 1;
  const photometric = (stringAt(f.buffer, ds, T.photometric) ?? '').trim().toUpperCase();
  const frames = Number.parseInt(stringAt(f.buffer, ds, T.frames) ?? '1', 10) || 1;
  if (rows === 0 || columns === 0) refuse('the image has no Rows or Columns');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) refuse(`pixels of ${bitsAllocated} bits allocated are not handled (8 and 16 are)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) refuse('Bits Stored and High Bit do not fit Bits Allocated');
  if (!/^(MONOCHROME[12]|RGB|YBR_FULL(_422)?)$/.test(photometric)) refuse(`photometric interpretation ${photometric.replace(/[^A-Z0-9_ ]/g, '')} is not handled (MONOCHROME1/2, RGB and YBR_FULL are)`);
  if ((photometric.startsWith('MONOCHROME') ? 1 : 3) !== samples) refuse(`${samples} samples per pixel do not fit the photometric interpretation`);
  return { rows, columns, samples, bitsAllocated, bitsStored, highBit, signed: us(T.pixelRepresentation) === 1, photometric, frames, planarConfiguration: us(T.planar) ?? 0 };
}

function layoutOf(g: Geometry, o: Pick<SampleLayout, 'planar' | 'littleEndian' | 'swappedPairs'>): SampleLayout {
  // Uncompressed YBR_FULL_422 shares chroma between pixel pairs: a box edge would split a pair.
  if (g.photometric === 'YBR_FULL_422') refuse('uncompressed YBR_FULL_422 is not handled (MONOCHROME1/2, RGB and YBR_FULL are)');
  return { ...g, bytesPerSample: g.bitsAllocated === 16 ? 2 : 1, ybr: g.photometric === 'YBR_FULL', ...o };
}

/** Replaces pixel data (when `pixels` is given) and drops the icon, whose thumbnail still shows the text; adds `additions` at the top level. */
function editor(additions: readonly NewElement[], pixels: ((el: Element) => Edit) | null, remove: readonly number[] = []): DataSetEditor {
  const sorted = [...additions].sort((a, b) => a.tag - b.tag);
  return {
    edit: (el, _buf, _ds, parents) => {
      if (parents.length > 0) return KEEP;
      if (el.tag === PIXEL_DATA && pixels) return pixels(el);
      return el.tag === T.iconImage || remove.includes(el.tag) ? REMOVE : KEEP;
    },
    additions: (_ds, _buf, parents) => (parents.length === 0 ? sorted : undefined),
  };
}

function finish(sink: ByteSink): Buffer {
  const out = concatSegments(sink.finish());
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Uncompressed: the whole pixel data value copied once and blanked frame by frame in its own encoding. */
function redactNative(f: DicomFile, g: Geometry, pixel: Element, rects: readonly Rect[], stamps: NewElement[]): [Buffer, number] {
  const le = f.dataset.syntax.littleEndian;
  const l = layoutOf(g, { planar: g.samples > 1 && g.planarConfiguration === 1, littleEndian: le, swappedPairs: !le && g.bitsAllocated === 8 && pixel.vr === 'OW' });
  const perFrame = g.rows * g.columns * g.samples;
  if (pixel.external || pixel.length === UNDEFINED_LENGTH || pixel.length < perFrame * l.bytesPerSample * g.frames) refuse(`the pixel data holds fewer bytes than ${g.frames} frame(s) of ${g.columns} x ${g.rows}`);
  const value = f.buffer.slice(pixel.valueOffset, pixel.valueOffset + pixel.length);
  let changed = 0;
  for (let fr = 0; fr < g.frames; fr++) changed += blankFrame(value, fr * perFrame, l, rects);
  const sink = new ByteSink(f.buffer.length + 1024);
  writePart10(sink, f, { meta: fileMetaOf(f), editor: editor(stamps, () => ({ value })) });
  return [finish(sink), changed];
}

/** RLE Lossless: each frame decoded, blanked and re-encoded; a frame the boxes do not change keeps its bytes. */
function redactRle(f: DicomFile, g: Geometry, pixel: Element, rects: readonly Rect[], stamps: NewElement[]): [Buffer, number] {
  const l = layoutOf(g, { planar: g.samples > 1, littleEndian: true, swappedPairs: false });
  const fragments = pixel.fragments ?? [];
  // PS3.5 A.4.2: each RLE frame is exactly one fragment; fragment 0 is the Basic Offset Table.
  if (fragments.length - 1 !== g.frames) refuse(`the RLE pixel data has ${fragments.length - 1} fragments for ${g.frames} frame(s)`);
  let changed = 0;
  const frames = fragments.slice(1).map((fr) => {
    const bytes = f.buffer.subarray(fr.valueOffset, fr.valueOffset + fr.length);
    let decoded: Uint8Array;
    try {
      decoded = decodeRleFrame(bytes, g.rows * g.columns, g.samples, l.bytesPerSample);
    } catch (err) {
      if (isOncoAtlasError(err)) refuse('an RLE frame is damaged');
      throw err;
    }
    const n = blankFrame(decoded, 0, l, rects);
    changed += n;
    return n === 0 ? bytes : encodeRleFrame(decoded, g.rows, g.columns, g.samples, l.bytesPerSample);
  });
  const withOffsets = fragments[0]!.length > 0 || findElement(f.dataset, T.extendedOffsets) !== undefined;
  const sink = new ByteSink(f.buffer.length + 1024);
  writeFileMeta(sink, fileMetaOf(f));
  const ds = f.dataset;
  const at = ds.elements.findIndex((e) => e.tag === PIXEL_DATA);
  // The offsets of the frames change with their lengths: the extended table goes, the basic one is rewritten.
  const ed = editor(stamps, null, [T.extendedOffsets, T.extendedLengths]);
  writeDataSet(sink, f.buffer, { ...ds, elements: ds.elements.slice(0, at) }, ed);
  writeEncapsulated(sink, frames, withOffsets);
  writeDataSet(sink, f.buffer, { ...ds, elements: ds.elements.slice(at + 1) }, { edit: ed.edit });
  return [finish(sink), changed];
}

/** Encapsulated Pixel Data (PS3.5 A.4): OB of undefined length, the Basic Offset Table, one fragment a frame. */
function writeEncapsulated(sink: ByteSink, frames: readonly Uint8Array[], withOffsets: boolean): void {
  const item = (length: number): void => { sink.u16(0xfffe, true); sink.u16(0xe000, true); sink.u32(length, true); };
  writeElementHeader(sink, PIXEL_DATA, 'OB', UNDEFINED_LENGTH, EXPLICIT_LE);
  item(withOffsets ? 4 * frames.length : 0);
  let offset = 0;
  if (withOffsets) for (const fr of frames) { sink.u32(offset, true); offset += 8 + fr.length + (fr.length % 2); }
  for (const fr of frames) {
    item(fr.length + (fr.length % 2));
    sink.bytes(fr);
    if (fr.length % 2) sink.u8(0);
  }
  sink.u16(0xfffe, true); sink.u16(0xe0dd, true); sink.u32(0, true);
}

/** The JPEG streams of the frames: fragments after the offset table, a frame ending with the fragment that ends its stream (EOI, FFD9). */
function jpegStreams(f: DicomFile, fragments: readonly Fragment[]): Uint8Array[] {
  const streams: Uint8Array[] = [];
  let parts: Uint8Array[] = [];
  for (const fr of fragments.slice(1)) {
    const part = f.buffer.subarray(fr.valueOffset, fr.valueOffset + fr.length);
    parts.push(part);
    const end = part.length >= 2 && part[part.length - 1] === 0 ? part.length - 1 : part.length;
    if (end >= 2 && part[end - 2] === 0xff && part[end - 1] === 0xd9) { streams.push(Buffer.concat(parts)); parts = []; }
  }
  if (parts.length > 0) streams.push(Buffer.concat(parts));
  return streams;
}

/**
 * JPEG Baseline: frames decoded with jpeg-js (colour to RGB, as PS3.5 8.2.1 defines the stream's YCbCr), blanked,
 * and written as 8-bit Explicit VR Little Endian. Lossy Image Compression stays 01, with its ratio and method
 * (added from this stream when the file lacked them), so nobody takes the image for an original.
 */
function redactJpeg(f: DicomFile, g: Geometry, pixel: Element, rects: readonly Rect[], stamps: NewElement[]): [Buffer, number] {
  if (g.bitsAllocated !== 8) refuse('JPEG Baseline pixel data with more than 8 bits allocated is not valid');
  const streams = jpegStreams(f, pixel.fragments ?? []);
  if (streams.length !== g.frames) refuse(`the JPEG pixel data holds ${streams.length} frame(s) where the header says ${g.frames}`);
  const frameSize = g.rows * g.columns * g.samples;
  const value = new Uint8Array(frameSize * g.frames);
  const l: SampleLayout = { ...g, bytesPerSample: 1, bitsStored: 8, highBit: 7, signed: false, planar: false, littleEndian: true, swappedPairs: false, ybr: false };
  let changed = 0;
  streams.forEach((stream, i) => {
    let image: { width: number; height: number; data: Uint8Array };
    try {
      // RGB stored as is (no YCbCr transform) is how a few writers encode it; everything else is YCbCr.
      image = decodeJpeg(stream, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024, ...(g.photometric === 'RGB' ? { colorTransform: false } : {}) });
    } catch {
      // The decoder's message may quote bytes of the stream.
      return refuse('a JPEG Baseline frame cannot be decoded (damaged, or not baseline 8-bit JPEG)');
    }
    if (image.width !== g.columns || image.height !== g.rows) refuse(`a JPEG frame is ${image.width} x ${image.height}, not the ${g.columns} x ${g.rows} the header says`);
    const frame = value.subarray(i * frameSize, (i + 1) * frameSize);
    // jpeg-js gives three channels for grey too; the first is the grey value.
    if (g.samples === 1) for (let p = 0; p < frame.length; p++) frame[p] = image.data[p * 3]!;
    else frame.set(image.data.subarray(0, frameSize));
    changed += blankFrame(frame, 0, l, rects);
  });
  const compressed = streams.reduce((n, s) => n + s.length, 0);
  const ds = f.dataset;
  const jpegStamps: NewElement[] = [
    { tag: T.lossy, vr: 'CS', value: ascii('01') },
    ...(g.samples === 3 ? [{ tag: T.photometric, vr: 'CS' as const, value: ascii('RGB') }, { tag: T.planar, vr: 'US' as const, value: new Uint8Array([0, 0]) }] : []),
    ...(findElement(ds, T.lossyRatio) ? [] : [{ tag: T.lossyRatio, vr: 'DS' as const, value: ascii((frameSize * g.frames / compressed).toFixed(2)) }]),
    ...(findElement(ds, T.lossyMethod) ? [] : [{ tag: T.lossyMethod, vr: 'CS' as const, value: ascii('ISO_10918_1') }]),
  ];
  const sink = new ByteSink(value.length + f.buffer.length + 1024);
  writePart10(sink, f, {
    meta: fileMetaOf(f, EXPLICIT_VR_LITTLE_ENDIAN.uid),
    editor: editor([...stamps, ...jpegStamps], () => ({ value, vr: 'OB' }), [T.extendedOffsets, T.extendedLengths]),
  });
  return [finish(sink), changed];
}

/**
 * Blanks `boxes` (`[x, y, w, h]` in stored-image pixels) in every frame of a Part 10 instance: monochrome to
 * the frame's minimum stored value, colour to black; every other sample unchanged. The header records the
 * method in (0012,0063) and Clean Pixel Data (113101) in (0012,0064) once; Burned In Annotation becomes NO only
 * when `cleaned`. Refuses (REDACTION_UNSUPPORTED, naming the syntax) compressed syntaxes other than RLE
 * Lossless and JPEG Baseline, and pixel layouts it cannot blank safely; REDACTION_INVALID_BOX for boxes outside the image.
 *
 * @example
 * const { bytes } = redactInstance(file, [[0, 0, 640, 40]], { method: 'Burned-in text blanked (device template)', cleaned: true });
 */
export function redactInstance(bytes: Uint8Array, boxes: readonly Box[], o: RedactOptions): RedactedInstance {
  checkMethod(o.method);
  if (boxes.length === 0) throw oncoError('USAGE', 'No box to blank: Clean Pixel Data is not claimed for pixels left as they were.');
  const f = parsePart10(bytes);
  const pixel = findElement(f.dataset, PIXEL_DATA);
  if (!pixel) refuse('the instance has no (integer) pixel data');
  const g = geometryOf(f);
  const rects = pixelRects(boxes, g.rows, g.columns);
  const stamps = redactionStamps(f, o);
  const ts = f.transferSyntax;
  let out: [Buffer, number];
  if (!ts.encapsulated) out = redactNative(f, g, pixel, rects, stamps);
  else if (ts.uid === RLE_LOSSLESS) out = redactRle(f, g, pixel, rects, stamps);
  else if (ts.uid === JPEG_BASELINE) out = redactJpeg(f, g, pixel, rects, stamps);
  else refuse(`its pixel data is compressed as ${codecOf(ts.uid)}, which is not decoded here (RLE Lossless and JPEG Baseline are)`, { transferSyntax: ts.uid });
  return { bytes: out[0], changedPixels: out[1], transferSyntax: ts.uid === JPEG_BASELINE ? EXPLICIT_VR_LITTLE_ENDIAN.uid : ts.uid };
}
