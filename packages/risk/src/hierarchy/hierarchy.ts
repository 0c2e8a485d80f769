/**
 * A generalisation hierarchy maps a value and a level to a coarser value: level 0 is the original
 * (normalised) value, every level is a function of the one below, and the top level is '*'. That nesting
 * is what makes the lattice search sound: generalising can only merge classes, never split them.
 */
import { oncoError } from '@oncoatlas/core';
import { canonicalValue, checkCount, SUPPRESSED, type CellValue } from '../table/records.ts';

export interface Hierarchy {
  /** The top level, where every value is '*'; levels run from 0 to height. */
  readonly height: number;
  /**
   * The value at a level. Missing and malformed values are '*' at every level, and levels at or above
   * the height give '*': it never throws, so one bad cell cannot stop a release half-way.
   */
  generalise(value: CellValue | undefined, level: number): string;
  /** What a level means, for suggestions: "10-year bands", "year". */
  describe(level: number): string;
}

export interface TableHierarchyOptions {
  /** Names of levels 1, 2, ... (e.g. ['ICD-10 category', 'ICD-10 chapter']); "level N" otherwise. */
  readonly levelNames?: readonly string[];
}

/**
 * An explicit hierarchy from a table, one row per original value: [value, level 1, level 2, ...], like an
 * ARX hierarchy CSV. A last all-'*' column is added when the table has none. Values not in the table keep
 * their value at level 0 and are '*' above it (the only safe generalisation of the unknown).
 *
 * Throws CONFIG_INVALID when rows differ in length, an original value appears twice, or a value at one
 * level maps to two different values at the next (the table is then not a hierarchy).
 *
 * @example tableHierarchy([['C50.1', 'C50', 'C00-D48'], ['C34.1', 'C34', 'C00-D48']], { levelNames: ['category', 'chapter'] })
 */
export function tableHierarchy(rows: readonly (readonly string[])[], options: TableHierarchyOptions = {}): Hierarchy {
  if (rows.length === 0) throw oncoError('CONFIG_INVALID', 'A hierarchy table needs at least one row.');
  const width = rows[0]!.length;
  checkCount('The width of a hierarchy table', width, 1);
  const cells = rows.map((row, i) => {
    if (row.length !== width) throw oncoError('CONFIG_INVALID', `Row ${i} of the hierarchy table has ${row.length} columns, not ${width}.`, { row: i });
    return row.map((c) => canonicalValue(c));
  });
  const hasTop = cells.every((row) => row[width - 1] === SUPPRESSED);
  const levels = hasTop ? width : width + 1;
  const paths = new Map<string, readonly string[]>();
  for (const [i, row] of cells.entries()) {
    if (row[0] === SUPPRESSED) throw oncoError('CONFIG_INVALID', `Row ${i} of the hierarchy table has no original value.`, { row: i });
    if (paths.has(row[0]!)) throw oncoError('CONFIG_INVALID', `Row ${i} of the hierarchy table repeats an original value.`, { row: i });
    paths.set(row[0]!, row);
  }
  for (let level = 1; level < width - 1; level++) {
    const parent = new Map<string, string>();
    for (const [i, row] of cells.entries()) {
      const seen = parent.get(row[level]!);
      if (seen !== undefined && seen !== row[level + 1]) {
        throw oncoError('CONFIG_INVALID', `Row ${i} of the hierarchy table generalises a level-${level} value differently from an earlier row.`, { row: i, level });
      }
      parent.set(row[level]!, row[level + 1]!);
    }
  }
  const names = options.levelNames ?? [];
  const height = levels - 1;
  return {
    height,
    generalise(value, level) {
      const v = canonicalValue(value);
      if (level <= 0) return v;
      if (level >= height) return SUPPRESSED;
      return paths.get(v)?.[level] ?? SUPPRESSED;
    },
    describe: (level) => describeLevel(level, height, names[level - 1] ?? `level ${level}`),
  };
}

/** Shared wording of level 0 and the top, so every builder names them alike. */
export function describeLevel(level: number, height: number, name: string): string {
  if (level <= 0) return 'original values';
  if (level >= height) return 'suppressed (*)';
  return name;
}
