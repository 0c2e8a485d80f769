/**
 * The review viewer's geometry and greyscale, free of the DOM so they are tested as plain functions: where an
 * image pixel lands on the canvas at a zoom and pan, boxes in image pixels (what the redaction blanks), and the
 * window/level mapping of modality values to grey (PS3.3 C.11.2.1.2.1, as the node's preview draws it).
 */

/** Canvas point of image point (ix, iy): (ix * scale + x, iy * scale + y), in CSS pixels. */
export interface View { readonly scale: number; readonly x: number; readonly y: number }

/** [x, y, width, height] in pixels of the stored image, as the redaction takes them. */
export type Box = readonly [number, number, number, number];

export const MIN_SCALE = 1 / 32;
export const MAX_SCALE = 32;

/** The whole image centred in the canvas, never enlarged past 1:1 unless it is smaller than a quarter of it. */
export function fitView(imageWidth: number, imageHeight: number, canvasWidth: number, canvasHeight: number): View {
  const fit = Math.min(canvasWidth / imageWidth, canvasHeight / imageHeight);
  const scale = clamp(fit > 4 ? Math.floor(fit) : fit, MIN_SCALE, MAX_SCALE);
  return { scale, x: (canvasWidth - imageWidth * scale) / 2, y: (canvasHeight - imageHeight * scale) / 2 };
}

export function toImage(v: View, sx: number, sy: number): [number, number] {
  return [(sx - v.x) / v.scale, (sy - v.y) / v.scale];
}

export function toCanvas(v: View, ix: number, iy: number): [number, number] {
  return [ix * v.scale + v.x, iy * v.scale + v.y];
}

/** Zoom by `factor` keeping the image point under canvas point (sx, sy) where it is (the cursor, or the centre). */
export function zoomAt(v: View, factor: number, sx: number, sy: number): View {
  const scale = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
  const [ix, iy] = toImage(v, sx, sy);
  return { scale, x: sx - ix * scale, y: sy - iy * scale };
}

export function panBy(v: View, dx: number, dy: number): View {
  return { scale: v.scale, x: v.x + dx, y: v.y + dy };
}

/** The box two image points span, in whole pixels, inside the image; null when it covers no pixel. */
export function boxBetween(a: readonly [number, number], b: readonly [number, number], width: number, height: number): Box | null {
  const x0 = clamp(Math.floor(Math.min(a[0], b[0])), 0, width);
  const y0 = clamp(Math.floor(Math.min(a[1], b[1])), 0, height);
  const x1 = clamp(Math.ceil(Math.max(a[0], b[0])), 0, width);
  const y1 = clamp(Math.ceil(Math.max(a[1], b[1])), 0, height);
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/** The index of the last (topmost as drawn) box holding image point (ix, iy), or -1. */
export function boxAt(boxes: readonly { readonly box: Box }[], ix: number, iy: number): number {
  for (let i = boxes.length - 1; i >= 0; i--) {
    const [x, y, w, h] = boxes[i]!.box;
    if (ix >= x && ix < x + w && iy >= y && iy < y + h) return i;
  }
  return -1;
}

export interface VoiWindow { readonly centre: number; readonly width: number }

/** Grey 0..255 of a modality value through the linear VOI window (PS3.3 C.11.2.1.2.1). */
export function greyOf(value: number, w: VoiWindow): number {
  const width = Math.max(1, w.width);
  const low = w.centre - 0.5 - (width - 1) / 2;
  const high = w.centre - 0.5 + (width - 1) / 2;
  if (value <= low) return 0;
  if (value > high) return 255;
  return width === 1 ? 255 : Math.round(((value - (w.centre - 0.5)) / (width - 1) + 0.5) * 255);
}

/**
 * Grey for every possible sample of an image (2^bitDepth entries), whose modality value is
 * sample * slope + intercept; MONOCHROME1 inverted. One table per window, so redrawing is a lookup a pixel.
 */
export function sampleLut(bitDepth: 8 | 16, slope: number, intercept: number, w: VoiWindow, invert: boolean): Uint8Array {
  const lut = new Uint8Array(2 ** bitDepth);
  for (let s = 0; s < lut.length; s++) {
    const g = greyOf(s * slope + intercept, w);
    lut[s] = invert ? 255 - g : g;
  }
  return lut;
}

/** The window a frame opens with: the file's, else its own range. */
export function defaultWindow(min: number, max: number, fromFile: VoiWindow | null): VoiWindow {
  // Centre at (min + max + 1) / 2 and width max - min + 1 map min to 0 and max to 255 exactly.
  return fromFile ?? { centre: (min + max + 1) / 2, width: Math.max(1, max - min + 1) };
}

/**
 * Window after dragging (dx, dy) canvas pixels from `start`: right widens, down raises the centre (as most
 * DICOM viewers do), by the image's value range over 512 px so a drag across the canvas spans it.
 */
export function dragWindow(start: VoiWindow, dx: number, dy: number, range: number): VoiWindow {
  const step = Math.max(range, 1) / 512;
  return { centre: round2(start.centre + dy * step), width: round2(Math.max(1, start.width + dx * step)) };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

export function clamp(v: number, low: number, high: number): number {
  return v < low ? low : v > high ? high : v;
}
