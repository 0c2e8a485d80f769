/**
 * Checks of redacted images made without OncoAtlas's own code paths: dcmtk renders the DICOM file, the plain
 * tesseract command reads it, and the words are compared with the truth's planted text by string containment;
 * pixels are compared as stored, byte by byte.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findElement, parsePart10, uint16Value } from '@oncoatlas/dicom';

const run = promisify(execFile);

/** Upper case, no accents, letters and digits only, OCR look-alikes folded (O/0, I/L/1, S/5, B/8). */
export function folded(s: string): string {
  const fold: Record<string, string> = { O: '0', I: '1', L: '1', S: '5', B: '8', Z: '2' };
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/[OILSBZ]/g, (c) => fold[c]!);
}

/** What the plain tesseract command reads in a DICOM file rendered by dcmtk's dcmj2pnm (min-max window, small frames doubled), folded. */
export async function independentOcr(file: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-ocr-check-'));
  try {
    const png = join(dir, 'frame.png');
    const f = parsePart10(readFileSync(file));
    const columns = uint16Value(f.buffer, findElement(f.dataset, 0x00280011)!, f.dataset.syntax.littleEndian) ?? 0;
    const scale = columns <= 800 ? ['+Sxf', '2'] : [];
    await run('dcmj2pnm', ['+on', '+Wm', ...scale, file, png]);
    const { stdout } = await run('tesseract', [png, '-', '--psm', '11'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    return folded(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `f` over `xs`, `width` at a time, results in order. */
export async function inParallel<T, R>(xs: readonly T[], width: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < xs.length) { const i = next++; out[i] = await f(xs[i]!); } }));
  return out;
}

/** The planted identifier strings an OCR reading must not contain: each item whole, and its words of 4 or more characters (a family name alone still names). */
export function plantedNeedles(items: readonly { kind: string; text: string }[]): string[] {
  const out = new Set<string>();
  for (const it of items) {
    if (it.kind === 'other') continue;
    const whole = folded(it.text);
    if (whole.length >= 4) out.add(whole);
    if (it.kind === 'name' || it.kind === 'institution') for (const w of it.text.split(/[^\p{L}\p{N}]+/u)) if (folded(w).length >= 4) out.add(folded(w));
  }
  return [...out];
}

interface Raster { readonly rows: number; readonly columns: number; readonly bytesPerPixel: number; readonly frames: number; readonly pixels: Uint8Array }

/** Native (uncompressed, little endian) pixel data as stored, with its geometry. */
export function rasterOf(bytes: Uint8Array): Raster {
  const f = parsePart10(bytes);
  const us = (t: number): number => uint16Value(f.buffer, findElement(f.dataset, t)!, f.dataset.syntax.littleEndian) ?? 0;
  const [rows, columns, samples, bits] = [us(0x00280010), us(0x00280011), us(0x00280002), us(0x00280100)];
  const p = findElement(f.dataset, 0x7fe00010)!;
  if (f.transferSyntax.encapsulated || !f.dataset.syntax.littleEndian) throw new Error('the check reads native little-endian pixel data only');
  const bytesPerPixel = samples * (bits / 8);
  const pixels = f.buffer.subarray(p.valueOffset, p.valueOffset + p.length);
  return { rows, columns, bytesPerPixel, frames: Math.floor(pixels.length / (rows * columns * bytesPerPixel)), pixels };
}

/**
 * Pixels of `after` that differ from `before` outside `boxes`, and pixels inside them that changed. Both files
 * must have the same geometry.
 */
export function comparePixels(before: Raster, after: Raster, boxes: readonly (readonly number[])[]): { outsideChanged: number; insideChanged: number } {
  if (before.rows !== after.rows || before.columns !== after.columns || before.bytesPerPixel !== after.bytesPerPixel || before.frames !== after.frames) throw new Error('different geometry');
  const inside = (x: number, y: number): boolean => boxes.some(([bx, by, bw, bh]) => x >= bx! && x < bx! + bw! && y >= by! && y < by! + bh!);
  let outsideChanged = 0;
  let insideChanged = 0;
  const n = before.bytesPerPixel;
  for (let fr = 0; fr < before.frames; fr++) {
    for (let y = 0; y < before.rows; y++) {
      for (let x = 0; x < before.columns; x++) {
        const at = ((fr * before.rows + y) * before.columns + x) * n;
        let same = true;
        for (let k = 0; k < n; k++) if (before.pixels[at + k] !== after.pixels[at + k]) same = false;
        if (same) continue;
        if (inside(x, y)) insideChanged++;
        else outsideChanged++;
      }
    }
  }
  return { outsideChanged, insideChanged };
}
