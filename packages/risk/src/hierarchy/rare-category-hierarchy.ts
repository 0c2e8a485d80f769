/**
 * Categorical values (modality, vendor, body part) where rare categories identify: a vendor with two
 * scanners in the whole table points at two patients. Level 1 pools values seen fewer than N times into
 * 'other'; level 2 is '*'.
 */
import { describeLevel, type Hierarchy } from './hierarchy.ts';
import { canonicalValue, checkCount, SUPPRESSED, type CellValue } from '../table/records.ts';

export const OTHER = 'other';

/**
 * Counts come from `values` (the column the hierarchy will be applied to); a value absent from it counts
 * 0 and so becomes 'other' as well. Missing values stay '*'.
 *
 * @example rareCategoryHierarchy(records.map((r) => r.modality), 10)
 */
export function rareCategoryHierarchy(values: Iterable<CellValue | undefined>, minCount: number): Hierarchy {
  checkCount('The minimum count of a category', minCount, 1);
  const counts = new Map<string, number>();
  for (const value of values) {
    const v = canonicalValue(value);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const height = 2;
  return {
    height,
    generalise(value, level) {
      const v = canonicalValue(value);
      if (v === SUPPRESSED || level >= height) return SUPPRESSED;
      if (level <= 0) return v;
      return (counts.get(v) ?? 0) < minCount ? OTHER : v;
    },
    describe: (level) => describeLevel(level, height, `'${OTHER}' for values seen fewer than ${minCount} times`),
  };
}
