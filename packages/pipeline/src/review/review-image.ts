/**
 * A held instance's frame at full resolution for the review viewer, lossless: the reviewer zooms into corners
 * where scanners burn names, and sets the window to find low-contrast text, so nothing is scaled or windowed
 * here. Monochrome frames keep their stored values (16-bit grey PNG when Bits Stored is over 8), shifted into an
 * unsigned range; `valueSlope`/`valueIntercept` give the modality value of a PNG sample (the file's rescale
 * folded in) for the viewer's window/level. Colour is 8-bit RGB as the preview draws it. Decoded by the
 * preview's reader (uncompressed, RLE Lossless, JPEG Baseline), so PREVIEW_UNAVAILABLE says the same whys.
 */
import { PNG } from 'pngjs';
import { colourPixels, frameOf, numbers, parseForPreview, sampleReader, T } from './review-preview.ts';

export interface ReviewImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** Frames in the instance; the PNG holds the one asked. */
  readonly frames: number;
  /** MONOCHROME1 (low values white), MONOCHROME2, or RGB (YBR converted). */
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  readonly bitDepth: 8 | 16;
  /** The modality value of a PNG sample s is s * valueSlope + valueIntercept (1 and 0 for RGB). */
  readonly valueSlope: number;
  readonly valueIntercept: number;
  /** The file's Rescale Slope and Intercept (1 and 0 when absent). */
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  /** The frame's lowest and highest modality values (0 and 255 for RGB). */
  readonly min: number;
  readonly max: number;
  /** The file's first window (centre, width) in modality values, when it has one. */
  readonly window: { readonly centre: number; readonly width: number } | null;
}

/**
 * One frame (from 1, default 1) of a DICOM instance as a lossless PNG with what a viewer needs to window it.
 *
 * @example
 * const image = renderReviewImage(bytes, { frame: 1 });
 * const hu = sample * image.valueSlope + image.valueIntercept;
 */
export function renderReviewImage(bytes: Uint8Array, o: { readonly frame?: number } = {}): ReviewImage {
  const file = parseForPreview(bytes);
  const fr = frameOf(file, o.frame ?? 1);
  const ds = file.dataset;
  const frames = Math.max(1, Math.trunc(numbers(file, ds, T.frames)[0] ?? 1));
  const [width, height] = [fr.columns, fr.rows];
  if (fr.samples !== 1) {
    const rgb = colourPixels(fr);
    const png = PNG.sync.write({ width, height, data: Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength) } as unknown as PNG, {
      colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8, deflateLevel: 6,
    });
    return { png, width, height, frames, photometric: 'RGB', bitDepth: 8, valueSlope: 1, valueIntercept: 0, rescaleSlope: 1, rescaleIntercept: 0, min: 0, max: 255, window: null };
  }
  const read = sampleReader(fr);
  const n = width * height;
  const stored = new Int32Array(n);
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = read(i, 0);
    stored[i] = v;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  // Unsigned values are kept as stored; signed ones move up by the frame's lowest, so the range fits Bits Stored.
  const offset = Math.min(0, low);
  const bitDepth = fr.bitsStored > 8 ? 16 : 8;
  const samples = bitDepth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) samples[i] = stored[i]! - offset;
  const rescaleSlope = numbers(file, ds, T.slope)[0] ?? 1;
  const rescaleIntercept = numbers(file, ds, T.intercept)[0] ?? 0;
  const centre = numbers(file, ds, T.windowCenter)[0];
  const windowWidth = numbers(file, ds, T.windowWidth)[0];
  // pngjs reads 16-bit input in the platform's byte order from the whole underlying buffer: a fresh array, so no offset.
  const png = PNG.sync.write({ width, height, data: Buffer.from(samples.buffer) } as unknown as PNG, {
    colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth, deflateLevel: 6,
  });
  const value = (s: number): number => s * rescaleSlope + rescaleIntercept;
  return {
    png, width, height, frames, photometric: fr.photometric === 'MONOCHROME1' ? 'MONOCHROME1' : 'MONOCHROME2', bitDepth,
    valueSlope: rescaleSlope, valueIntercept: value(offset), rescaleSlope, rescaleIntercept,
    min: Math.min(value(low), value(high)), max: Math.max(value(low), value(high)),
    window: centre !== undefined && windowWidth !== undefined && windowWidth >= 1 ? { centre, width: windowWidth } : null,
  };
}
