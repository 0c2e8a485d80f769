/**
 * Drawing for the review viewer: the frame windowed into an offscreen canvas at full resolution (redone only
 * when the window changes), then that canvas and the boxes onto the visible one at the current zoom and pan.
 */
import { categoryOf, type BoxCategory } from './held-boxes.ts';
import type { ViewerImage } from './held-image.ts';
import { sampleLut, toCanvas, type Box, type View, type VoiWindow } from './viewer-math.ts';

export interface ViewerBox {
  readonly id: string;
  /** What the box holds: a finding's kind (name, id, date, institution, text, zone) or `drawn` by the reviewer. */
  readonly kind: string;
  readonly box: Box;
  /** Who found it: `ocr`, a template, or `reviewer`. */
  readonly source: string;
}

/** The frame through the window as RGBA pixels, into `target` (resized to the image). */
export function renderWindowed(image: ViewerImage, w: VoiWindow, target: HTMLCanvasElement): void {
  const { width, height, samples, channels } = image;
  target.width = width;
  target.height = height;
  const ctx = target.getContext('2d');
  if (!ctx) return;
  const out = ctx.createImageData(width, height);
  const d = out.data;
  if (channels === 1) {
    const lut = sampleLut(image.bitDepth, image.valueSlope, image.valueIntercept, w, image.photometric === 'MONOCHROME1');
    for (let i = 0, n = width * height; i < n; i++) {
      const g = lut[samples[i]!]!;
      d[4 * i] = g; d[4 * i + 1] = g; d[4 * i + 2] = g; d[4 * i + 3] = 255;
    }
  } else {
    // Colour: the same window on each channel, so a dim caption can be brightened too.
    const lut = sampleLut(8, 1, 0, w, false);
    for (let i = 0, n = width * height; i < n; i++) {
      d[4 * i] = lut[samples[3 * i]!]!; d[4 * i + 1] = lut[samples[3 * i + 1]!]!; d[4 * i + 2] = lut[samples[3 * i + 2]!]!; d[4 * i + 3] = 255;
    }
  }
  ctx.putImageData(out, 0, 0);
}

export interface Scene {
  readonly view: View;
  readonly boxes: readonly ViewerBox[];
  readonly selected: ReadonlySet<string>;
  /** The box keyboard focus is on, or -1. */
  readonly focus: number;
  readonly draft: Box | null;
}

/** One colour per kind of box (the viewer's legend names them); a selected box is drawn thicker and filled. */
export const BOX_COLOURS: Readonly<Record<BoxCategory, string>> = { identifier: '#ff4d4d', text: '#ffd21f', zone: '#d977ff', drawn: '#33b5ff' };
const FOCUS = '#ffffff';

/** Clears `canvas` (sized in device pixels for `ratio`) and draws the windowed frame and the boxes. */
export function drawScene(canvas: HTMLCanvasElement, frame: HTMLCanvasElement, s: Scene, ratio: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const { scale, x, y } = s.view;
  ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * x, ratio * y);
  // Magnified pixels stay square: a reviewer reads small text better without smoothing.
  ctx.imageSmoothingEnabled = scale < 1;
  ctx.drawImage(frame, 0, 0);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const outline = (b: Box, colour: string, lineWidth: number, dash: number[] = []): [number, number, number, number] => {
    const [x0, y0] = toCanvas(s.view, b[0], b[1]);
    const [x1, y1] = toCanvas(s.view, b[0] + b[2], b[1] + b[3]);
    ctx.setLineDash(dash);
    ctx.lineWidth = lineWidth;
    ctx.strokeStyle = colour;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    return [x0, y0, x1 - x0, y1 - y0];
  };
  s.boxes.forEach((b, i) => {
    const selected = s.selected.has(b.id);
    const category = categoryOf(b);
    // Device zones dashed: they are where a scanner may write, not text that was read.
    const rect = outline(b.box, BOX_COLOURS[category], selected ? 3 : 2, category === 'zone' ? [6, 3] : []);
    if (selected) {
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = BOX_COLOURS[category];
      ctx.fillRect(...rect);
      ctx.globalAlpha = 1;
    }
    if (i === s.focus) outline([b.box[0] - 2 / s.view.scale, b.box[1] - 2 / s.view.scale, b.box[2] + 4 / s.view.scale, b.box[3] + 4 / s.view.scale], FOCUS, 1, [4, 3]);
  });
  if (s.draft) outline(s.draft, BOX_COLOURS.drawn, 2, [6, 4]);
  ctx.setLineDash([]);
}
