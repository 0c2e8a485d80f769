/**
 * The boxes a reviewer asks to redact, checked before any pixel is touched: a box half outside the image or
 * in fractions of a pixel would blank something other than what the reviewer saw drawn, so it is refused
 * rather than clipped or rounded.
 */
import { oncoError } from '@oncoatlas/core';
import type { Box } from '../redaction/redact-instance.ts';

/**
 * Each box as `[x, y, w, h]` in whole pixels, w and h above 0, inside `columns` x `rows`; at least one.
 * REDACTION_INVALID_BOX naming the first box that is not (by its number, 1-based).
 *
 * @example
 * const boxes = checkRedactionBoxes(JSON.parse(body).boxes, 480, 640);
 */
export function checkRedactionBoxes(boxes: unknown, rows: number, columns: number): Box[] {
  if (!Array.isArray(boxes) || boxes.length === 0) {
    throw oncoError('REDACTION_INVALID_BOX', 'Redacting needs at least one box [x, y, width, height] to blank.', { boxes: 0 });
  }
  return boxes.map((b: unknown, i) => {
    const n = i + 1;
    if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => Number.isSafeInteger(v))) {
      throw oncoError('REDACTION_INVALID_BOX', `Box ${n} is not [x, y, width, height] in whole pixels.`, { box: n });
    }
    const [x, y, w, h] = b as [number, number, number, number];
    if (w <= 0 || h <= 0) throw oncoError('REDACTION_INVALID_BOX', `Box ${n} has no area: its width and height must be above 0.`, { box: n });
    if (x < 0 || y < 0 || x + w > columns || y + h > rows) {
      throw oncoError('REDACTION_INVALID_BOX', `Box ${n} (x ${x}, y ${y}, ${w} x ${h}) reaches outside the ${columns} x ${rows} image.`, { box: n, columns, rows });
    }
    return [x, y, w, h] as const;
  });
}
