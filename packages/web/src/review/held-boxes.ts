/**
 * The boxes of one held image as the reviewer works with them, free of the DOM: what the node's scan found
 * (the patient's identifiers read by OCR, other text, the device's known text zones) as boxes to keep or drop,
 * the ones the reviewer draws or resizes, and which of them a "Redact these boxes" decision blanks.
 */
import type { HeldImage, PixelAction, PixelFinding } from '../api/types.ts';
import type { ViewerBox } from './viewer-draw.ts';
import type { Box } from './viewer-math.ts';

/** How a box is drawn and named: the legend's four entries. */
export type BoxCategory = 'identifier' | 'text' | 'zone' | 'drawn';

export const CATEGORY_LABEL: Readonly<Record<BoxCategory, string>> = {
  identifier: 'Patient identifier read by OCR',
  text: 'Other text read by OCR',
  zone: 'Text zone of the device',
  drawn: 'Drawn or kept by you',
};

export function categoryOf(b: Pick<ViewerBox, 'kind' | 'source'>): BoxCategory {
  if (b.source === 'reviewer') return 'drawn';
  if (b.source === 'template' || b.kind === 'zone') return 'zone';
  return b.kind === 'text' ? 'text' : 'identifier';
}

/** The scan's findings as viewer boxes, in the order found. */
export function findingBoxes(findings: readonly PixelFinding[]): ViewerBox[] {
  return findings.map((f, i) => ({ id: `finding-${i}`, kind: f.kind, box: f.box, source: f.source }));
}

/**
 * Selected at first: every box, as the Clean Pixel Data option blanks them (a console line often mixes an
 * identifier with other text); the reviewer unticks what may stay.
 */
export function initiallySelected(boxes: readonly ViewerBox[]): string[] {
  return boxes.map((b) => b.id);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * The selected boxes as the node takes them: whole pixels covering at least what was drawn, inside the
 * image; a box with nothing left inside is dropped.
 */
export function redactionBoxes(boxes: readonly ViewerBox[], selected: ReadonlySet<string>, width: number, height: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const b of boxes) {
    if (!selected.has(b.id)) continue;
    const [x, y, w, h] = b.box;
    const [x0, y0] = [clamp(Math.floor(x), 0, width), clamp(Math.floor(y), 0, height)];
    const [x1, y1] = [clamp(Math.ceil(x + w), 0, width), clamp(Math.ceil(y + h), 0, height)];
    if (x1 > x0 && y1 > y0) out.push([x0, y0, x1 - x0, y1 - y0]);
  }
  return out;
}

export type BoxField = 'x' | 'y' | 'width' | 'height';

/** `box` with one of its numbers set (resizing or moving it), in whole pixels, kept inside the image and at least 1 px. */
export function editBox(box: Box, field: BoxField, value: number, width: number, height: number): Box {
  let [x, y, w, h] = box.map((v) => Math.round(v)) as [number, number, number, number];
  const v = Math.round(Number.isFinite(value) ? value : 0);
  if (field === 'x') x = clamp(v, 0, width - 1);
  else if (field === 'y') y = clamp(v, 0, height - 1);
  else if (field === 'width') w = v;
  else h = v;
  return [x, y, clamp(w, 1, width - x), clamp(h, 1, height - y)];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** What the confirmation of a decision on image `n` (1-based) says will happen; every decision is final. */
export function confirmation(action: PixelAction, boxes: number, n: number): { title: string; body: string; confirm: string } {
  if (action === 'redact') {
    return {
      title: `Redact ${plural(boxes, 'box', 'boxes')} of held image ${n}?`,
      body: `The ${plural(boxes, 'selected box', 'selected boxes')} will be blanked in every frame of held image ${n}, and the image released into the atlas with its Burned In Annotation set to NO. If the node can read the source and has OCR, it first checks that none of the patient's identifiers is still readable, and refuses otherwise. This decision is final.`,
      confirm: 'Redact and release',
    };
  }
  if (action === 'release') {
    return {
      title: `Release held image ${n} as it is?`,
      body: `Held image ${n} will be released into the atlas unchanged, with whatever its pixels show. This decision is final.`,
      confirm: 'Release',
    };
  }
  return {
    title: `Reject held image ${n}?`,
    body: `Held image ${n} will be kept out of the atlas and its held file removed. This decision is final.`,
    confirm: 'Reject',
  };
}

/** A decision as one line: what was done, how it was checked, by whom. */
export function decisionLine(d: NonNullable<HeldImage['decision']>): string {
  const what = d.action === 'release' ? 'Released as it is'
    : d.action === 'reject' ? 'Rejected'
      : `Redacted ${plural(d.boxes.length, 'box', 'boxes')} and released${d.verified === true ? ', verified by OCR' : d.verified === false ? '' : ', not verified by OCR'}`;
  return `${what} · by ${d.by}`;
}

/** The image to show after `index`: the next one still undecided (wrapping round), else the next one; null when there is one image. */
export function nextImage(held: readonly Pick<HeldImage, 'index' | 'decision'>[], index: number): number | null {
  if (held.length < 2) return null;
  const at = Math.max(0, held.findIndex((h) => h.index === index));
  for (let k = 1; k < held.length; k++) {
    const h = held[(at + k) % held.length]!;
    if (h.decision === null) return h.index;
  }
  return held[(at + 1) % held.length]!.index;
}
