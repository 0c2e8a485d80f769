/**
 * Burned-in text detection: frame 1 rendered at full resolution as the reviewer's preview draws it, made into
 * dark text on a light ground and enlarged when small (tesseract reads text best some 20-30 px high), OCR'd
 * (a large frame's top and bottom bands a second time when the first reading finds no identifier),
 * and the words matched against the instance's own identifiers. The detections' boxes are in stored-image
 * pixels, ready for redaction.
 */
import { PNG } from 'pngjs';
import { renderFrame } from '../review/review-preview.ts';
import type { InstanceIdentifiers } from './identifiers.ts';
import { matchWords, type Box, type Detection, type OcrWord } from './match.ts';
import { ocrWords } from './tesseract.ts';

/** Larger than any image: the frame is OCR'd at its stored size. */
const FULL_SIZE = 1 << 16;

export interface DetectOptions {
  /** The tesseract command (default `tesseract` on PATH). */
  readonly tesseract?: string;
  /**
   * Every line, not just one identifier per instance, as redaction needs: a small frame is read against its local
   * ground as well (a console's title bar), a large one has its bands read even when the whole-frame reading found
   * an identifier (a name line at the top of a chest missed while the ID below it was read). Costs a second reading.
   */
  readonly thorough?: boolean;
}

/** How much to enlarge a frame for OCR: scanner text is 10-30 px high, and tesseract wants some 20 px or more. */
function ocrScale(width: number, height: number): number {
  const side = Math.max(width, height);
  return side <= 400 ? 3 : side <= 1400 ? 2 : 1;
}

/** One grey level per pixel; colour text (yellow calipers, green labels) counts by its brightest channel. */
function greyOf(pixels: Uint8Array, channels: 1 | 3): Uint8Array {
  if (channels === 1) return pixels;
  const out = new Uint8Array(pixels.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(pixels[3 * i]!, pixels[3 * i + 1]!, pixels[3 * i + 2]!);
  return out;
}

/**
 * The grey level of the ground text is printed on: the median of the frame's outer tenth (its corners and
 * bands, where consoles print), so a bright chest or breast in the middle does not count.
 */
function groundLevel(grey: Uint8Array, w: number, h: number): number {
  const [bx, by] = [Math.max(1, Math.floor(w / 10)), Math.max(1, Math.floor(h / 10))];
  const histogram = new Array<number>(256).fill(0);
  let count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= bx && x < w - bx && y >= by && y < h - by) continue;
      histogram[grey[y * w + x]!]!++;
      count++;
    }
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) * 2 >= count) return v;
  return 0;
}

/** Side of the tiles whose median is the local ground: well above the tallest scanner text (some 32 px), so glyphs never make up half a tile. */
const GROUND_TILE = 64;

/**
 * The grey level of the ground under each pixel: the median of its tile, interpolated between tile centres (no
 * steps at tile edges to read as strokes). Local, not one level for the page: text over a breast or a chest
 * differs from the tissue around it, and the tissue from the air at the frame's edge.
 */
function localGround(grey: Uint8Array, w: number, h: number): Uint8Array {
  const [tx, ty] = [Math.ceil(w / GROUND_TILE), Math.ceil(h / GROUND_TILE)];
  const medians = new Float32Array(tx * ty);
  const histogram = new Uint32Array(256);
  for (let j = 0; j < ty; j++) {
    for (let i = 0; i < tx; i++) {
      histogram.fill(0);
      const [x0, y0] = [i * GROUND_TILE, j * GROUND_TILE];
      const [x1, y1] = [Math.min(w, x0 + GROUND_TILE), Math.min(h, y0 + GROUND_TILE)];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) histogram[grey[y * w + x]!]!++;
      const half = ((x1 - x0) * (y1 - y0)) / 2;
      let [v, seen] = [0, 0];
      while (v < 255 && (seen += histogram[v]!) < half) v++;
      medians[j * tx + i] = v;
    }
  }
  const at = (c: number, n: number): [number, number, number] => {
    const f = Math.min(n - 1, Math.max(0, (c + 0.5) / GROUND_TILE - 0.5));
    const a = Math.floor(f);
    return [a, Math.min(n - 1, a + 1), f - a];
  };
  const columns = Array.from({ length: w }, (_, x) => at(x, tx));
  const ground = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const [j0, j1, fy] = at(y, ty);
    for (let x = 0; x < w; x++) {
      const [i0, i1, fx] = columns[x]!;
      const top = medians[j0 * tx + i0]! * (1 - fx) + medians[j0 * tx + i1]! * fx;
      const bottom = medians[j1 * tx + i0]! * (1 - fx) + medians[j1 * tx + i1]! * fx;
      ground[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return ground;
}

/** Grey levels this far from the ground or farther are drawn black: low-contrast text (some 20 levels) becomes dark. */
const CONTRAST_SPAN = 64;
/** Side of the blocks judged as text or picture, and the share of dark pixels above which a block is picture. */
const BLOCK = 16;
const PICTURE = 0.6;

/**
 * Blanks the blocks that are mostly dark: the anatomy or the ultrasound fan, not text (glyphs ink a third of
 * their box or less). Tesseract thresholds and segments the whole page at once, and a big dark picture next to
 * faint text makes it lose the text (and spend seconds reading speckle as letters).
 */
function blankPictures(page: Uint8Array, w: number, h: number): void {
  for (let by = 0; by < h; by += BLOCK) {
    for (let bx = 0; bx < w; bx += BLOCK) {
      const [x1, y1] = [Math.min(w, bx + BLOCK), Math.min(h, by + BLOCK)];
      let dark = 0;
      for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) if (page[y * w + x]! < 128) dark++;
      if (dark <= PICTURE * (x1 - bx) * (y1 - by)) continue;
      for (let y = by; y < y1; y++) page.fill(255, y * w + bx, y * w + x1);
    }
  }
}

/**
 * The frame as tesseract reads it best: what differs from the ground drawn dark on white, whatever the polarity,
 * pictures blanked. Differences are stretched (saturating at CONTRAST_SPAN) because tesseract thresholds the
 * page at once, and faint text would fall on the ground's side.
 */
function forOcr(grey: Uint8Array, w: number, h: number): Uint8Array {
  const ground = groundLevel(grey, w, h);
  const level = new Uint8Array(256);
  for (let v = 0; v < 256; v++) level[v] = 255 - Math.min(255, Math.round((Math.abs(v - ground) * 255) / CONTRAST_SPAN));
  const page = new Uint8Array(w * h);
  for (let i = 0; i < page.length; i++) page[i] = level[grey[i]!]!;
  blankPictures(page, w, h);
  return page;
}

/** As forOcr, against the local ground: for the bands read again, where text may lie over tissue. */
function forOcrLocally(grey: Uint8Array, w: number, h: number): Uint8Array {
  const ground = localGround(grey, w, h);
  const page = new Uint8Array(w * h);
  for (let i = 0; i < page.length; i++) page[i] = 255 - Math.min(255, Math.round((Math.abs(grey[i]! - ground[i]!) * 255) / CONTRAST_SPAN));
  blankPictures(page, w, h);
  return page;
}

/** A strip of prepared rows as tesseract reads it: enlarged by `scale`, its first row at `top` in the frame. */
interface Strip { readonly page: Uint8Array; readonly rows: number; readonly top: number; readonly scale: number }

/** Nearest neighbour, not bilinear: smoothed speckle becomes soft blobs tesseract spends seconds on. */
function enlarged({ page, rows, scale }: Strip, w: number): Uint8Array {
  if (scale === 1) return page;
  const W = w * scale;
  const out = new Uint8Array(W * rows * scale);
  for (let y = 0; y < rows * scale; y++) {
    const row = Math.floor(y / scale) * w;
    for (let x = 0; x < W; x++) out[y * W + x] = page[row + Math.floor(x / scale)]!;
  }
  return out;
}

/** A box of an enlarged strip back in stored pixels, grown to whole pixels and kept inside the image. */
function scaledBack(b: Box, { scale, top }: Strip, w: number, h: number): Box {
  const x0 = Math.max(0, Math.floor(b[0] / scale));
  const y0 = Math.max(0, top + Math.floor(b[1] / scale));
  const x1 = Math.min(w, Math.ceil((b[0] + b[2]) / scale));
  const y1 = Math.min(h, top + Math.ceil((b[1] + b[3]) / scale));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

async function ocrStrip(strip: Strip, w: number, h: number, o: DetectOptions, name: string): Promise<OcrWord[]> {
  const pixels = enlarged(strip, w);
  const png = PNG.sync.write({ width: w * strip.scale, height: strip.rows * strip.scale, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as unknown as PNG, {
    colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8, deflateLevel: 1,
  });
  // Lines of different strips are different lines, whatever numbers tesseract gave them.
  return (await ocrWords(png, o)).map((word) => ({ ...word, box: scaledBack(word.box, strip, w, h), line: `${name}.${word.line}` }));
}

/** Share of a large frame's height, at its top and at its bottom, where consoles print (stacked header lines). */
const BAND_SHARE = 0.15;

/**
 * Text burned into frame 1 of an instance, and which of it is the instance's own identifiers. PREVIEW_UNAVAILABLE
 * when the frame cannot be drawn (see renderPreview), IO_FAILED when tesseract is missing or fails.
 *
 * A large frame (a mammogram, a chest) is read whole at its stored size, where its 12-16 px annotations are
 * too small for tesseract, and against one ground, which loses text over tissue. When that finds no identifier,
 * its top and bottom bands (where consoles print) are read again, doubled and against the local ground: only
 * then, as reading a whole large frame doubled would cost some four times as much. `thorough` reads more, for
 * redaction (see DetectOptions).
 *
 * @example
 * const detections = await detectBurnedIn(bytes, identifiersOf(parsePart10(bytes)));
 * const risky = detections.filter((d) => d.kind !== 'text');
 */
export async function detectBurnedIn(bytes: Uint8Array, ids: InstanceIdentifiers, o: DetectOptions = {}): Promise<Detection[]> {
  const frame = renderFrame(bytes, { maxSize: FULL_SIZE });
  const [w, h] = [frame.width, frame.height];
  const grey = greyOf(frame.pixels, frame.channels);
  const page = forOcr(grey, w, h);
  const scale = ocrScale(w, h);
  const words = await ocrStrip({ page, rows: h, top: 0, scale }, w, h, o, 'page');
  const found = matchWords(words, ids);
  if (scale > 1) {
    if (!o.thorough) return found;
    // Against the local ground too: text on a console's title bar, or a line straddling its edge, is lost against one ground.
    return distinct(matchWords([...words, ...await ocrStrip({ page: forOcrLocally(grey, w, h), rows: h, top: 0, scale }, w, h, o, 'local')], ids));
  }
  if (!o.thorough && found.some((d) => d.kind !== 'text')) return found;
  const rows = Math.min(Math.ceil(h / 2), Math.max(64, Math.round(h * BAND_SHARE)));
  const band = (top: number): Strip => ({ page: forOcrLocally(grey.subarray(top * w, (top + rows) * w), w, rows), rows, top, scale: 2 });
  const more = [...await ocrStrip(band(0), w, h, o, 'top'), ...await ocrStrip(band(h - rows), w, h, o, 'bottom')];
  return distinct(matchWords([...words, ...more], ids));
}

/** One detection per place: two readings of one line give the same kind over nearly the same box. */
function distinct(ds: readonly Detection[]): Detection[] {
  const area = (b: Box): number => b[2] * b[3];
  const shared = (a: Box, b: Box): number => Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const out: Detection[] = [];
  for (const d of ds) if (!out.some((e) => e.kind === d.kind && shared(e.box, d.box) > 0.7 * Math.max(area(e.box), area(d.box)))) out.push(d);
  return out;
}
