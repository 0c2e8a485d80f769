/**
 * Painter's-algorithm primitives over one greyscale plane: each shape visits only its bounding box, so a
 * realistic CT slice of some twenty shapes costs a few milliseconds.
 */

export interface Plane {
  readonly rows: number;
  readonly cols: number;
  readonly v: Float32Array;
}

export const plane = (rows: number, cols: number, fill: number): Plane => ({ rows, cols, v: new Float32Array(rows * cols).fill(fill) });

/**
 * Sets (or, with `add`, adds) `value` inside the ellipse centred at (cx, cy) with radii (rx, ry), all in
 * pixels; `value` may be a function of the normalised radius (0 at the centre, 1 at the edge) and the pixel.
 */
export function ellipse(p: Plane, cx: number, cy: number, rx: number, ry: number, value: number | ((d: number, i: number) => number), add = false): void {
  if (rx <= 0 || ry <= 0) return;
  const y0 = Math.max(0, Math.floor(cy - ry)), y1 = Math.min(p.rows - 1, Math.ceil(cy + ry));
  const x0 = Math.max(0, Math.floor(cx - rx)), x1 = Math.min(p.cols - 1, Math.ceil(cx + rx));
  for (let y = y0; y <= y1; y++) {
    const dy = (y + 0.5 - cy) / ry;
    for (let x = x0; x <= x1; x++) {
      const dx = (x + 0.5 - cx) / rx;
      const d2 = dx * dx + dy * dy;
      if (d2 >= 1) continue;
      const i = y * p.cols + x;
      const v = typeof value === 'number' ? value : value(Math.sqrt(d2), i);
      p.v[i] = add ? p.v[i]! + v : v;
    }
  }
}

/** A ring: the ellipse's outer band of relative thickness `t` (0..1) set to `value`. */
export function ring(p: Plane, cx: number, cy: number, rx: number, ry: number, t: number, value: number): void {
  ellipse(p, cx, cy, rx, ry, (d, i) => (d > 1 - t ? value : p.v[i]!));
}

/** Adds `amount` times a texture (same size as the plane) wherever `where(value)` holds. */
export function texture(p: Plane, tex: Float32Array, amount: number, where: (v: number) => boolean = () => true): void {
  for (let i = 0; i < p.v.length; i++) if (where(p.v[i]!)) p.v[i] = p.v[i]! + (tex[i]! - 0.5) * amount;
}
