/**
 * Blanking boxes in one frame of stored samples, whatever their layout: 8 or 16 bits, either byte order,
 * colour by pixel or by plane. Only the samples inside the boxes are written; every other byte is left as it was.
 */
import { oncoError } from '@oncoatlas/core';

/** `[x, y, w, h]` in pixels of the stored image, origin top left. */
export type Box = readonly [x: number, y: number, w: number, h: number];

/** A box clipped to the image: columns x0..x1-1 of rows y0..y1-1. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface SampleLayout {
  readonly rows: number;
  readonly columns: number;
  readonly samples: number;
  readonly bytesPerSample: 1 | 2;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  /** Colour by plane (Planar Configuration 1, and every decoded RLE frame). */
  readonly planar: boolean;
  readonly littleEndian: boolean;
  /** 8-bit samples in a big endian OW value are swapped in pairs (PS3.5 8.1.1). */
  readonly swappedPairs: boolean;
  /** YBR_FULL: black is Y 0 with Cb and Cr at their midpoint, not three zeros (which is green). */
  readonly ybr: boolean;
}

/**
 * The pixels each box touches, clipped to the image. A box with no pixel inside the image is refused: the caller
 * would believe text was blanked where nothing was.
 */
export function pixelRects(boxes: readonly Box[], rows: number, columns: number): Rect[] {
  return boxes.map((b, i) => {
    const [x, y, w, h] = b;
    if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) throw oncoError('REDACTION_INVALID_BOX', `Box ${i + 1} is not [x, y, width, height] with a positive width and height.`, { box: i + 1 });
    const r = { x0: Math.max(0, Math.floor(x)), y0: Math.max(0, Math.floor(y)), x1: Math.min(columns, Math.ceil(x + w)), y1: Math.min(rows, Math.ceil(y + h)) };
    if (r.x0 >= r.x1 || r.y0 >= r.y1) throw oncoError('REDACTION_INVALID_BOX', `Box ${i + 1} lies outside the ${columns} x ${rows} image.`, { box: i + 1 });
    return r;
  });
}

/**
 * Sets every sample inside `rects` to blank in the frame starting at sample `base` of `bytes` (several frames
 * may share one buffer): monochrome to the frame's minimum stored value, colour to black. Returns how many
 * pixels changed value.
 */
export function blankFrame(bytes: Uint8Array, base: number, l: SampleLayout, rects: readonly Rect[]): number {
  const n = l.rows * l.columns;
  const shift = l.highBit + 1 - l.bitsStored;
  const mask = 2 ** l.bitsStored - 1;
  const wide = l.bytesPerSample === 2;
  const at = (k: number): number => (wide ? 2 * (base + k) : l.swappedPairs ? (base + k) ^ 1 : base + k);
  const read = (k: number): number => {
    const p = at(k);
    return wide ? (l.littleEndian ? bytes[p]! | (bytes[p + 1]! << 8) : (bytes[p]! << 8) | bytes[p + 1]!) : bytes[p]!;
  };
  const write = (k: number, raw: number): void => {
    const p = at(k);
    if (!wide) bytes[p] = raw;
    else if (l.littleEndian) { bytes[p] = raw & 0xff; bytes[p + 1] = raw >>> 8; }
    else { bytes[p] = raw >>> 8; bytes[p + 1] = raw & 0xff; }
  };
  // The blank value of each sample as it is stored: the value masked to Bits Stored and moved up to High Bit.
  const stored = (v: number): number => ((v & mask) * 2 ** shift) & (wide ? 0xffff : 0xff);
  let blank: number[];
  if (l.samples === 1) {
    const signBit = 2 ** (l.bitsStored - 1);
    let min = Infinity;
    for (let k = 0; k < n; k++) {
      const v = (read(k) >>> shift) & mask;
      const s = l.signed && v >= signBit ? v - 2 * signBit : v;
      if (s < min) min = s;
    }
    blank = [stored(min)];
  } else {
    const mid = l.ybr ? 2 ** (l.bitsStored - 1) : 0;
    blank = [stored(0), ...Array.from({ length: l.samples - 1 }, () => stored(mid))];
  }
  let changed = 0;
  for (const r of rects) {
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = r.x0; x < r.x1; x++) {
        const i = y * l.columns + x;
        let differs = false;
        for (let s = 0; s < l.samples; s++) {
          const k = l.planar ? s * n + i : i * l.samples + s;
          if (read(k) !== blank[s]) { write(k, blank[s]!); differs = true; }
        }
        if (differs) changed++;
      }
    }
  }
  return changed;
}
