/**
 * A frame while it is being drawn: stored values as floats (greyscale: the stored pixel value, so HU + 1024 for
 * CT; RGB: 0..255 per sample, interleaved as PlanarConfiguration 0), turned into PixelData bytes at the end.
 */
import type { Random } from '../random.ts';

export interface Frame {
  readonly rows: number;
  readonly cols: number;
  readonly samples: 1 | 3;
  readonly data: Float32Array;
}

export function newFrame(rows: number, cols: number, samples: 1 | 3, fill = 0): Frame {
  return { rows, cols, samples, data: new Float32Array(rows * cols * samples).fill(fill) };
}

/** PixelData bytes (little endian; the dataset writer swaps for big endian), clamped to the stored bits. */
export function frameBytes(f: Frame, bits: 8 | 16, bitsStored: number): Uint8Array {
  const max = 2 ** bitsStored - 1;
  const n = f.data.length;
  const out = new Uint8Array(n * (bits / 8));
  for (let i = 0; i < n; i++) {
    const x = f.data[i]!;
    const v = x <= 0 ? 0 : x >= max ? max : (x + 0.5) | 0;
    if (bits === 8) out[i] = v;
    else { out[2 * i] = v & 0xff; out[2 * i + 1] = v >>> 8; }
  }
  return out;
}

/**
 * Smooth random texture in [0, 1): a coarse grid of random values, bilinearly interpolated, so tissue looks
 * lumpy rather than like per-pixel noise. `cell` is the grid spacing in pixels.
 */
export function valueNoise(r: Random, rows: number, cols: number, cell: number): Float32Array {
  const gw = Math.ceil(cols / cell) + 2, gh = Math.ceil(rows / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = r.next();
  const out = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    const gy = y / cell, iy = Math.floor(gy), fy = gy - iy;
    for (let x = 0; x < cols; x++) {
      const gx = x / cell, ix = Math.floor(gx), fx = gx - ix;
      const a = grid[iy * gw + ix]!, b = grid[iy * gw + ix + 1]!, c = grid[(iy + 1) * gw + ix]!, d = grid[(iy + 1) * gw + ix + 1]!;
      out[y * cols + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return out;
}

/** Roughly normal noise (sum of three uniforms), mean 0 and standard deviation about 1. */
export function gauss(r: Random): number {
  return (r.next() + r.next() + r.next() - 1.5) * 2;
}
