/**
 * A preview of a held instance for the reviewer: its first frame as an 8-bit PNG, grey or RGB, windowed as
 * the file says (else over the frame's own range) and at most 1024 px on its long side. Enough to see
 * whether text is burned into the pixels; not a diagnostic viewer. Read with our own DICOM reader, so the
 * preview sees exactly the bytes the release would ship. Uncompressed syntaxes, RLE Lossless and JPEG Baseline
 * (what ultrasound and screen captures most often come as; decoded with jpeg-js) are drawn; anything else is
 * PREVIEW_UNAVAILABLE saying why, never a blank image a reviewer could mistake for clean.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { asciiValue, findElement, parsePart10, splitValues, tag, uint16Value, type DataSet, type DicomFile, type Fragment } from '@oncoatlas/dicom';
import { decodeRleFrame } from './rle-decode.ts';

export const PREVIEW_MAX_SIZE = 1024;

export interface PreviewOptions {
  /** Longest side of the PNG in pixels (default 1024); larger frames are averaged down. */
  readonly maxSize?: number;
  /** Which frame to draw, from 1 (default 1): a DICOMweb viewer asks for any frame of a multi-frame image. */
  readonly frame?: number;
}

export const T = {
  samplesPerPixel: tag(0x0028, 0x0002), photometric: tag(0x0028, 0x0004), planar: tag(0x0028, 0x0006),
  frames: tag(0x0028, 0x0008), rows: tag(0x0028, 0x0010), columns: tag(0x0028, 0x0011),
  bitsAllocated: tag(0x0028, 0x0100), bitsStored: tag(0x0028, 0x0101), highBit: tag(0x0028, 0x0102),
  pixelRepresentation: tag(0x0028, 0x0103), windowCenter: tag(0x0028, 0x1050), windowWidth: tag(0x0028, 0x1051),
  intercept: tag(0x0028, 0x1052), slope: tag(0x0028, 0x1053),
  floatPixels: tag(0x7fe0, 0x0008), doublePixels: tag(0x7fe0, 0x0009), pixelData: tag(0x7fe0, 0x0010),
} as const;

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

/** Names of the compressed syntaxes a PACS commonly sends, for a message the reviewer can act on. */
const COMPRESSED_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline', '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless', '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless', '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless', '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless', '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL', '1.2.840.10008.1.2.4.203': 'HTJ2K',
};

function unavailable(why: string): never {
  throw oncoError('PREVIEW_UNAVAILABLE', `No preview: ${why}.`);
}

export interface Frame {
  readonly rows: number;
  readonly columns: number;
  readonly samples: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  readonly planar: boolean;
  readonly littleEndian: boolean;
  readonly photometric: string;
  readonly bytes: Uint8Array;
}

function text(f: DicomFile, ds: DataSet, t: number): string | undefined {
  const el = findElement(ds, t);
  return el && !el.external && el.items === null ? asciiValue(f.buffer, el) : undefined;
}

export function numbers(f: DicomFile, ds: DataSet, t: number): number[] {
  return splitValues(text(f, ds, t) ?? '').map(Number).filter(Number.isFinite);
}

function us(f: DicomFile, ds: DataSet, t: number): number | undefined {
  const el = findElement(ds, t);
  return el ? uint16Value(f.buffer, el, ds.syntax.littleEndian) : undefined;
}

function syntaxName(uid: string): string {
  if (COMPRESSED_NAMES[uid]) return `${COMPRESSED_NAMES[uid]} (${uid})`;
  if (/^1\.2\.840\.10008\.1\.2\.4\.(10\d|11\d)$/.test(uid)) return `MPEG/HEVC video (${uid})`;
  return uid;
}

/** The frame's bytes (number `n` from 1) and how to read them, or PREVIEW_UNAVAILABLE saying why there are none. */
export function frameOf(f: DicomFile, n: number): Frame {
  const ds = f.dataset;
  const pixel = findElement(ds, T.pixelData);
  if (!pixel) {
    if (findElement(ds, T.floatPixels) || findElement(ds, T.doublePixels)) unavailable('the instance holds floating-point pixel data (a parametric map), which has no display window');
    unavailable('the instance has no pixel data (it is not an image, e.g. a structured report or a presentation state)');
  }
  const rows = us(f, ds, T.rows) ?? 0;
  const columns = us(f, ds, T.columns) ?? 0;
  const samples = us(f, ds, T.samplesPerPixel) ?? 1;
  const bitsAllocated = us(f, ds, T.bitsAllocated) ?? 0;
  const bitsStored = us(f, ds, T.bitsStored) ?? bitsAllocated;
  const highBit = us(f, ds, T.highBit) ?? bitsStored - 1;
  const photometric = (text(f, ds, T.photometric) ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();
  if (rows === 0 || columns === 0) unavailable('the image has no Rows or Columns');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) unavailable(`pixels of ${bitsAllocated} bits allocated are not drawn (8 and 16 are)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) unavailable('Bits Stored and High Bit do not fit Bits Allocated');
  const ts = f.transferSyntax;
  // A JPEG stream carries its own colour model (PS3.5 8.2.1: YBR_FULL_422 for baseline colour); the decoder converts it.
  const jpeg = ts.encapsulated && ts.uid === JPEG_BASELINE;
  if (!['MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', ...(jpeg ? ['YBR_FULL_422'] : [])].includes(photometric)) unavailable(`photometric interpretation ${photometric.replace(/[^A-Z0-9_]/g, '')} is not drawn (MONOCHROME1/2, RGB and YBR_FULL are)`);
  if ((photometric.startsWith('MONO') ? 1 : 3) !== samples) unavailable(`${photometric} with ${samples} samples per pixel is not a valid image`);
  const bytesPerSample = bitsAllocated / 8;
  const size = rows * columns * samples * bytesPerSample;
  const common = { rows, columns, samples, bitsAllocated, bitsStored, highBit, signed: us(f, ds, T.pixelRepresentation) === 1, photometric };

  const frames = Number.parseInt(text(f, ds, T.frames) ?? '1', 10) || 1;
  if (!Number.isInteger(n) || n < 1 || n > frames) unavailable(`the image has ${frames} frame(s), not a frame ${n}`);
  if (jpeg) {
    if (n !== 1) unavailable('only the first frame of JPEG Baseline pixel data is drawn');
    return jpegFrame(f, pixel.fragments ?? [], common);
  }
  if (ts.encapsulated) {
    if (ts.uid !== RLE_LOSSLESS) unavailable(`its pixel data is compressed as ${syntaxName(ts.uid)}, which this preview does not decode; open the file in a DICOM viewer`);
    // PS3.5 A.4.2: each RLE frame is exactly one fragment; fragment 0 is the Basic Offset Table.
    const fragment = pixel.fragments?.[n];
    if (!fragment) unavailable('the RLE Lossless pixel data has no frame');
    const bytes = decodeRleFrame(f.buffer.subarray(fragment.valueOffset, fragment.valueOffset + fragment.length), rows * columns, samples, bytesPerSample);
    return { ...common, planar: samples > 1, littleEndian: true, bytes };
  }
  const start = (n - 1) * size;
  if (pixel.external || pixel.valueOffset + Math.min(pixel.length, start + size) > f.buffer.length) unavailable('the pixel data is not in the file');
  if (pixel.length < start + size) unavailable(`the pixel data holds ${pixel.length} bytes, fewer than ${n === 1 ? 'one' : n} ${columns} x ${rows} frame${n === 1 ? '' : 's'}`);
  let bytes = f.buffer.subarray(pixel.valueOffset + start, pixel.valueOffset + start + size);
  if (!ds.syntax.littleEndian && bitsAllocated === 8 && pixel.vr === 'OW') {
    // Big endian OW holds 8-bit samples swapped in pairs (PS3.5 8.1.1).
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) { swapped[i] = bytes[i + 1]!; swapped[i + 1] = bytes[i]!; }
    bytes = swapped;
  }
  return { ...common, planar: samples > 1 && us(f, ds, T.planar) === 1, littleEndian: ds.syntax.littleEndian, bytes };
}

/**
 * The first frame of JPEG Baseline pixel data, decoded to 8-bit samples. A frame may span several fragments
 * (PS3.5 A.4): they are taken from the first one after the offset table up to the one that ends the JPEG
 * stream (EOI, FFD9, perhaps followed by one padding byte).
 */
function jpegFrame(f: DicomFile, fragments: readonly Fragment[], common: Omit<Frame, 'planar' | 'littleEndian' | 'bytes'>): Frame {
  const parts: Uint8Array[] = [];
  for (const fr of fragments.slice(1)) {
    const part = f.buffer.subarray(fr.valueOffset, fr.valueOffset + fr.length);
    parts.push(part);
    const end = part.length >= 2 && part[part.length - 1] === 0 ? part.length - 1 : part.length;
    if (end >= 2 && part[end - 2] === 0xff && part[end - 1] === 0xd9) break;
  }
  if (parts.length === 0) unavailable('the JPEG Baseline pixel data has no frame');
  let image: { width: number; height: number; data: Uint8Array };
  try {
    // RGB out, whatever the stream holds (grey is repeated in the three channels); YBR is converted by the decoder.
    image = decodeJpeg(Buffer.concat(parts), { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 512 });
  } catch {
    // The decoder's message may quote bytes of the stream; the reviewer needs only to know it failed.
    return unavailable('the JPEG Baseline frame cannot be decoded (damaged, or not baseline 8-bit JPEG)');
  }
  if (image.width !== common.columns || image.height !== common.rows) unavailable(`the JPEG frame is ${image.width} x ${image.height}, not the ${common.columns} x ${common.rows} the header says`);
  const base = { ...common, bitsAllocated: 8, bitsStored: 8, highBit: 7, signed: false, planar: false, littleEndian: true };
  if (common.samples === 1) {
    const grey = new Uint8Array(image.width * image.height);
    for (let i = 0; i < grey.length; i++) grey[i] = image.data[i * 3]!;
    return { ...base, bytes: grey };
  }
  return { ...base, samples: 3, photometric: 'RGB', bytes: image.data };
}

/** Reads sample `s` of pixel `i` as its stored value (masked to Bits Stored, sign-extended when signed). */
export function sampleReader(fr: Frame): (i: number, s: number) => number {
  const n = fr.rows * fr.columns;
  const shift = fr.highBit + 1 - fr.bitsStored;
  const mask = fr.bitsStored >= 32 ? 0xffffffff : (2 ** fr.bitsStored) - 1;
  const signBit = 2 ** (fr.bitsStored - 1);
  const b = fr.bytes;
  const wide = fr.bitsAllocated === 16;
  return (i, s) => {
    const index = fr.planar ? s * n + i : i * fr.samples + s;
    let raw: number;
    if (wide) raw = fr.littleEndian ? b[2 * index]! | (b[2 * index + 1]! << 8) : (b[2 * index]! << 8) | b[2 * index + 1]!;
    else raw = b[index]!;
    const v = (raw >>> shift) & mask;
    return fr.signed && v >= signBit ? v - 2 * signBit : v;
  };
}

/** Grey levels 0..255 per pixel: rescaled, then the file's first window, else the frame's min..max. */
function greyPixels(f: DicomFile, fr: Frame): Uint8Array {
  const ds = f.dataset;
  const read = sampleReader(fr);
  const n = fr.rows * fr.columns;
  const slope = numbers(f, ds, T.slope)[0] ?? 1;
  const intercept = numbers(f, ds, T.intercept)[0] ?? 0;
  const values = new Float32Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = read(i, 0) * slope + intercept;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const centre = numbers(f, ds, T.windowCenter)[0];
  const width = numbers(f, ds, T.windowWidth)[0];
  const out = new Uint8Array(n);
  const invert = fr.photometric === 'MONOCHROME1';
  if (centre !== undefined && width !== undefined && width >= 1) {
    // PS3.3 C.11.2.1.2.1, the linear VOI function.
    const low = centre - 0.5 - (width - 1) / 2;
    const high = centre - 0.5 + (width - 1) / 2;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      const y = x <= low ? 0 : x > high ? 255 : Math.round(((x - (centre - 0.5)) / (width - 1) + 0.5) * 255);
      out[i] = invert ? 255 - y : y;
    }
  } else {
    const range = max - min;
    for (let i = 0; i < n; i++) {
      const y = range > 0 ? Math.round(((values[i]! - min) / range) * 255) : 0;
      out[i] = invert ? 255 - y : y;
    }
  }
  return out;
}

/** RGB triplets 0..255; YBR_FULL converted as PS3.3 C.7.6.3.1.2 defines it. */
export function colourPixels(fr: Frame): Uint8Array {
  const read = sampleReader(fr);
  const n = fr.rows * fr.columns;
  const down = fr.bitsStored > 8 ? fr.bitsStored - 8 : 0;
  const out = new Uint8Array(n * 3);
  const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  for (let i = 0; i < n; i++) {
    const a = read(i, 0) >> down;
    const b = read(i, 1) >> down;
    const c = read(i, 2) >> down;
    if (fr.photometric === 'YBR_FULL') {
      out[3 * i] = clamp(a + 1.402 * (c - 128));
      out[3 * i + 1] = clamp(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
      out[3 * i + 2] = clamp(a + 1.772 * (b - 128));
    } else {
      out[3 * i] = a; out[3 * i + 1] = b; out[3 * i + 2] = c;
    }
  }
  return out;
}

/** Box-averages `channels`-interleaved pixels down to `w` x `h`: every source pixel counts, so thin text stays visible. */
function downscale(src: Uint8Array, sw: number, sh: number, channels: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * sh) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * sw) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sw) / w));
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += src[(yy * sw + xx) * channels + c]!;
        out[(y * w + x) * channels + c] = Math.round(sum / count);
      }
    }
  }
  return out;
}

/** The parsed file, or PREVIEW_UNAVAILABLE when it is not readable DICOM. */
export function parseForPreview(bytes: Uint8Array): DicomFile {
  try {
    return parsePart10(bytes);
  } catch (err) {
    // The reader's own code says what is wrong with the file; its message holds offsets only.
    if (isOncoAtlasError(err)) unavailable(`the file cannot be read as DICOM (${err.code})`);
    throw err;
  }
}

/** A frame drawn as 8-bit pixels: grey (1 channel) or RGB (3 channels, interleaved), row by row. */
export interface RenderedFrame {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
}

/**
 * A frame of a DICOM instance (the first unless `frame` says) as 8-bit pixels, windowed and scaled down as the
 * preview draws it; the OCR of burned-in text reads the same pixels at full size. PREVIEW_UNAVAILABLE as renderPreview.
 */
export function renderFrame(bytes: Uint8Array, o: PreviewOptions = {}): RenderedFrame {
  const file = parseForPreview(bytes);
  const frame = frameOf(file, o.frame ?? 1);
  const grey = frame.samples === 1;
  const channels = grey ? 1 : 3;
  let pixels = grey ? greyPixels(file, frame) : colourPixels(frame);
  let [width, height] = [frame.columns, frame.rows];
  const max = Math.max(1, Math.floor(o.maxSize ?? PREVIEW_MAX_SIZE));
  if (Math.max(width, height) > max) {
    const scale = max / Math.max(width, height);
    const [w, h] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
    pixels = downscale(pixels, width, height, channels, w, h);
    [width, height] = [w, h];
  }
  return { width, height, channels, pixels };
}

/**
 * A frame of a DICOM instance (the first unless `frame` says) as PNG bytes. PREVIEW_UNAVAILABLE, saying why, for a file that is not
 * readable DICOM, holds no pixel data, or is compressed with a codec other than RLE Lossless.
 */
export function renderPreview(bytes: Uint8Array, o: PreviewOptions = {}): Buffer {
  const { width, height, channels, pixels } = renderFrame(bytes, o);
  const colorType = channels === 1 ? 0 : 2;
  return PNG.sync.write({ width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as unknown as PNG, {
    colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8, deflateLevel: 6,
  });
}
