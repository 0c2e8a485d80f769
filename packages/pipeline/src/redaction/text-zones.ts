/**
 * Where a device draws its own text (patient name, date, the hospital), per manufacturer and model: blanked
 * whatever OCR finds, since OCR misses low-contrast or tiny text. The zones shipped in text-zones.json are ours
 * and illustrative, not vendor documentation; a hospital passes its own (parseTextZones of a file it keeps).
 */
import { oncoError } from '@oncoatlas/core';
import shipped from './text-zones.json' with { type: 'json' };
import type { Box } from './blank-frame.ts';

export interface TextZone {
  readonly manufacturer: string;
  /** '*' for every model of the manufacturer. */
  readonly model: string;
  /** When given, the zone applies to images of exactly this size only. */
  readonly rows?: number;
  readonly columns?: number;
  /** `[x, y, w, h]`; negative x or y count from the right or bottom edge, a w or h of 0 reaches that edge. */
  readonly boxes: readonly Box[];
}

function invalid(why: string): never {
  throw oncoError('CONFIG_INVALID', `Text zones: ${why}.`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Validates zones read from JSON (`{ zones: [...] }` or the array itself), saying which entry is wrong. */
export function parseTextZones(json: unknown): TextZone[] {
  const list = Array.isArray(json) ? json : (json as { zones?: unknown } | null)?.zones;
  if (!Array.isArray(list)) invalid('expected an array of zones, or an object with "zones"');
  return list.map((z: unknown, i) => {
    const e = z as Partial<Record<keyof TextZone, unknown>> | null;
    const at = `zone ${i + 1}`;
    if (typeof e?.manufacturer !== 'string' || e.manufacturer.trim() === '' || typeof e.model !== 'string' || e.model.trim() === '') invalid(`${at} needs a manufacturer and a model ('*' for any)`);
    for (const k of ['rows', 'columns'] as const) if (e[k] !== undefined && !(isInt(e[k]) && e[k] > 0)) invalid(`${at} has a ${k} that is not a positive integer`);
    if (!Array.isArray(e.boxes) || e.boxes.length === 0) invalid(`${at} has no boxes`);
    const boxes = e.boxes.map((b: unknown) => {
      if (!Array.isArray(b) || b.length !== 4 || !b.every(isInt) || b[2] < 0 || b[3] < 0) invalid(`${at} has a box that is not [x, y, w, h] in whole pixels (w, h >= 0)`);
      return [b[0], b[1], b[2], b[3]] as const;
    });
    return { manufacturer: e.manufacturer, model: e.model, ...(e.rows !== undefined ? { rows: e.rows as number } : {}), ...(e.columns !== undefined ? { columns: e.columns as number } : {}), boxes };
  });
}

export const SHIPPED_TEXT_ZONES: readonly TextZone[] = parseTextZones(shipped);

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The text zones of a device for an image of `rows` x `columns`, as boxes inside the image (edges resolved,
 * clipped); none for a device no zone names.
 *
 * @example
 * templateZones('GE MEDICAL SYSTEMS', 'LOGIQ E9', 480, 640) // [[0, 0, 640, 40]]
 */
export function templateZones(manufacturer: string, model: string, rows: number, columns: number, zones: readonly TextZone[] = SHIPPED_TEXT_ZONES): Box[] {
  const out: Box[] = [];
  for (const z of zones) {
    if (!same(z.manufacturer, manufacturer) || !(z.model.trim() === '*' || same(z.model, model))) continue;
    if ((z.rows !== undefined && z.rows !== rows) || (z.columns !== undefined && z.columns !== columns)) continue;
    for (const [x, y, w, h] of z.boxes) {
      const x0 = Math.max(0, x < 0 ? columns + x : x);
      const y0 = Math.max(0, y < 0 ? rows + y : y);
      const x1 = Math.min(columns, w === 0 ? columns : x0 + w);
      const y1 = Math.min(rows, h === 0 ? rows : y0 + h);
      if (x1 > x0 && y1 > y0) out.push([x0, y0, x1 - x0, y1 - y0]);
    }
  }
  return out;
}
