/**
 * Text as a scanner burns it: a string rendered with one of the DejaVu faces (npm dejavu-fonts-ttf) by pureimage,
 * a pure-JS canvas over opentype.js, so no native addon is needed. The result is a coverage mask (0..1) cut
 * to the glyphs' ink, which the caller blends into a frame; the ink's bounds become the truth box.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as PImage from 'pureimage';

/** The faces scanners' consoles resemble: a sans, a monospace (most US and dose screens), a serif, a condensed sans. */
export const FONTS = { sans: 'DejaVuSans.ttf', mono: 'DejaVuSansMono.ttf', serif: 'DejaVuSerif.ttf', condensed: 'DejaVuSansCondensed.ttf' } as const;
export type FontFace = keyof typeof FONTS;

let loaded = false;

/** Fonts load once, on the first text: the small-pixel cohort never pays for them. */
function loadFonts(): void {
  if (loaded) return;
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  for (const [face, file] of Object.entries(FONTS)) PImage.registerFont(join(dir, file), `oncoatlas-${face}`).loadSync();
  loaded = true;
}

export interface TextMask {
  readonly width: number;
  readonly height: number;
  /** Coverage per pixel, row-major, 0 (background) to 1 (full ink). */
  readonly coverage: Float32Array;
}

/** Renders `text` at `size` px, cropped to its ink; an empty mask (0×0) for text without ink (spaces only). */
export function renderText(text: string, face: FontFace, size: number): TextMask {
  loadFonts();
  // Generous margins so accents above capitals and descenders below the baseline are never clipped.
  const probe = PImage.make(1, 1).getContext('2d');
  probe.font = `${size}px oncoatlas-${face}`;
  const width = Math.ceil(probe.measureText(text).width) + 2 * size;
  const height = 3 * size;
  const img = PImage.make(width, height);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${size}px oncoatlas-${face}`;
  ctx.fillText(text, size, 2 * size);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (img.data[(y * width + x) * 4]! === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return { width: 0, height: 0, coverage: new Float32Array(0) };
  const w = x1 - x0 + 1, h = y1 - y0 + 1;
  const coverage = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) coverage[y * w + x] = img.data[((y + y0) * width + x + x0) * 4]! / 255;
  }
  return { width: w, height: h, coverage };
}
