/**
 * Burned-in text detection: frame 1 rendered at full resolution as the reviewer's preview draws it, made into
 * dark text on a light ground and enlarged when small (tesseract reads text best some 20-30 px high), OCR'd,
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
 * pictures blanked, and enlarged by an integer factor. Differences are stretched (saturating at CONTRAST_SPAN)
 * because tesseract thresholds the page at once, and faint text would fall on the ground's side. Nearest
 * neighbour, not bilinear: smoothed speckle becomes soft blobs tesseract spends seconds on.
 */
function forOcr(grey: Uint8Array, w: number, h: number, scale: number): Uint8Array {
  const ground = groundLevel(grey, w, h);
  const level = new Uint8Array(256);
  for (let v = 0; v < 256; v++) level[v] = 255 - Math.min(255, Math.round((Math.abs(v - ground) * 255) / CONTRAST_SPAN));
  const page = new Uint8Array(w * h);
  for (let i = 0; i < page.length; i++) page[i] = level[grey[i]!]!;
  blankPictures(page, w, h);
  if (scale === 1) return page;
  const W = w * scale;
  const out = new Uint8Array(W * h * scale);
  for (let y = 0; y < h * scale; y++) {
    const row = Math.floor(y / scale) * w;
    for (let x = 0; x < W; x++) out[y * W + x] = page[row + Math.floor(x / scale)]!;
  }
  return out;
}

/** A box of the enlarged image back in stored pixels, grown to whole pixels and kept inside the image. */
function scaledBack(b: Box, scale: number, w: number, h: number): Box {
  const x0 = Math.max(0, Math.floor(b[0] / scale));
  const y0 = Math.max(0, Math.floor(b[1] / scale));
  const x1 = Math.min(w, Math.ceil((b[0] + b[2]) / scale));
  const y1 = Math.min(h, Math.ceil((b[1] + b[3]) / scale));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/**
 * Text burned into frame 1 of an instance, and which of it is the instance's own identifiers. PREVIEW_UNAVAILABLE
 * when the frame cannot be drawn (see renderPreview), IO_FAILED when tesseract is missing or fails.
 *
 * @example
 * const detections = await detectBurnedIn(bytes, identifiersOf(parsePart10(bytes)));
 * const risky = detections.filter((d) => d.kind !== 'text');
 */
export async function detectBurnedIn(bytes: Uint8Array, ids: InstanceIdentifiers, o: DetectOptions = {}): Promise<Detection[]> {
  const frame = renderFrame(bytes, { maxSize: FULL_SIZE });
  const scale = ocrScale(frame.width, frame.height);
  const pixels = forOcr(greyOf(frame.pixels, frame.channels), frame.width, frame.height, scale);
  const png = PNG.sync.write({ width: frame.width * scale, height: frame.height * scale, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as unknown as PNG, {
    colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8, deflateLevel: 1,
  });
  const words: OcrWord[] = (await ocrWords(png, o)).map((w) => ({ ...w, box: scaledBack(w.box, scale, frame.width, frame.height) }));
  return matchWords(words, ids);
}
