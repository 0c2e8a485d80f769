/**
 * Where a held file lives under the output root: the de-identifier writes an instance it holds for review at
 * its released path behind `_review/` (HELD_PREFIX, packages/deid), and every release, redaction or rejection
 * moves it between the two. One definition, so the review queue, the decisions and the pixel passes agree.
 */
import { HELD_PREFIX } from '@oncoatlas/deid';

export { HELD_PREFIX };

export const isHeldPath = (path: string): boolean => path.startsWith(HELD_PREFIX);

/** The held path of a released path; a path already held stays as it is. */
export const heldPathOf = (path: string): string => (isHeldPath(path) ? path : HELD_PREFIX + path);

/** The path a held file is released at: the held path without `_review/`. */
export const releasedPathOf = (path: string): string => (isHeldPath(path) ? path.slice(HELD_PREFIX.length) : path);
