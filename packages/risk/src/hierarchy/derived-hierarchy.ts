/**
 * Hierarchies given by a function per level instead of a table: for coded values whose coarser levels are
 * parts of the code (ICD-10 `C34.1` -> `C34`; ICD-O-3 morphology `8140/3` -> `814`; TNM `T2a` -> `T2`; stage
 * `IIIA` -> `III`), and for numbers in nested bands (tumour size in mm).
 */
import { oncoError } from '@oncoatlas/core';
import { describeLevel, type Hierarchy } from './hierarchy.ts';
import { canonicalValue, checkCount, SUPPRESSED, type CellValue } from '../table/records.ts';

export interface DerivedLevel {
  /** What the level means ("ICD-10 category"). */
  readonly name: string;
  /** The value at this level from the original; undefined makes it '*'. */
  readonly from: (original: string) => string | undefined;
}

/**
 * Level 0 the original (trimmed) value, then one level per entry, then '*'.
 *
 * @example derivedHierarchy([{ name: 'ICD-10 category', from: (c) => c.slice(0, 3) }]).generalise('C34.1', 1) // 'C34'
 */
export function derivedHierarchy(levels: readonly DerivedLevel[]): Hierarchy {
  const height = levels.length + 1;
  return {
    height,
    generalise(value, level) {
      const v = canonicalValue(value);
      if (v === SUPPRESSED || level >= height) return SUPPRESSED;
      if (level <= 0) return v;
      return levels[level - 1]!.from(v) ?? SUPPRESSED;
    },
    describe: (level) => describeLevel(level, height, levels[level - 1]?.name ?? ''),
  };
}

/** A number (a digit string or a number), or undefined. */
function numberOf(value: CellValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Numbers to nested bands of the given widths (each a multiple of the one before), then '*'; level 0 the
 * number itself. Bands are aligned on multiples of their width: `20-29` at width 10. `read` turns a cell into
 * the number (default: a number, or a string of digits); what it cannot read is '*'. `bandName` names a level.
 *
 * Throws CONFIG_INVALID when a width is not a multiple of the previous one (bands would not nest).
 *
 * @example bandHierarchy([10, 20], (w) => `${w} mm bands`).generalise(24, 1) // '20-29'
 */
export function bandHierarchy(widths: readonly number[], bandName: (width: number) => string, read: (value: CellValue | undefined) => number | undefined = numberOf): Hierarchy {
  widths.forEach((w, i) => {
    checkCount('A band width', w, 1);
    if (i > 0 && w % widths[i - 1]! !== 0) throw oncoError('CONFIG_INVALID', `Band ${w} is not a multiple of ${widths[i - 1]}, so the bands would not nest.`, { band: w });
  });
  const height = widths.length + 1;
  return {
    height,
    generalise(value, level) {
      const x = read(value);
      if (x === undefined || level >= height) return SUPPRESSED;
      if (level <= 0) return String(x);
      const w = widths[level - 1]!;
      const low = Math.floor(x / w) * w;
      return `${low}-${low + w - 1}`;
    },
    describe: (level) => describeLevel(level, height, bandName(widths[level - 1]!)),
  };
}

/** Level 0 the value, level 1 '*': for what has no useful middle ground (sex, vital status, scanner model). */
export function keepOrSuppress(): Hierarchy {
  return derivedHierarchy([]);
}
