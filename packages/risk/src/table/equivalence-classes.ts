/**
 * Equivalence classes: records with equal (generalised) quasi-identifier values. Values are turned into
 * small integer codes per attribute first, so a class key is one number for the thousands of lattice
 * nodes the search groups, and never a string of record values that could leak into a report.
 */
import { oncoError } from '@oncoatlas/core';
import type { Hierarchy } from '../hierarchy/hierarchy.ts';
import { canonicalValue, type CellValue, type RiskRecord } from './records.ts';

export type Hierarchies = Readonly<Record<string, Hierarchy>>;
export type Levels = Readonly<Record<string, number>>;

/** Class membership only: which class each record is in and how big each class is. */
export interface EquivalenceClasses {
  /** The class index of each record, classes numbered in order of first appearance. */
  readonly classOf: Int32Array;
  /** The number of records in each class. */
  readonly sizes: readonly number[];
}

export interface GeneralisationLevels {
  /** Hierarchies of the quasi-identifiers that are generalised. */
  readonly hierarchies?: Hierarchies;
  /** Level per quasi-identifier; absent means 0 (original values). */
  readonly levels?: Levels;
}

/** Codes of one attribute for the sample and the population, from one dictionary so equal values match. */
export interface EncodedColumn {
  readonly sample: Int32Array;
  readonly population: Int32Array;
  readonly cardinality: number;
}

type ClassKey = number | string;

/** Throws CONFIG_INVALID for a level the attribute's hierarchy does not have. */
export function generaliserFor(attribute: string, { hierarchies = {}, levels = {} }: GeneralisationLevels): (value: CellValue | undefined) => string {
  const level = levels[attribute] ?? 0;
  const hierarchy = hierarchies[attribute];
  const height = hierarchy?.height ?? 0;
  if (!Number.isSafeInteger(level) || level < 0 || level > height) {
    const why = hierarchy ? `its hierarchy has levels 0 to ${height}` : 'it has no hierarchy';
    throw oncoError('CONFIG_INVALID', `Level ${String(level)} of ${attribute} is not possible: ${why}.`, { attribute, level: String(level) });
  }
  return hierarchy ? (v) => hierarchy.generalise(v, level) : canonicalValue;
}

export function encodeColumn(
  sample: readonly RiskRecord[],
  population: readonly RiskRecord[],
  attribute: string,
  generalise: (value: CellValue | undefined) => string,
): EncodedColumn {
  const dictionary = new Map<string, number>();
  const encode = (rows: readonly RiskRecord[]): Int32Array => {
    const codes = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      const v = generalise(row[attribute]);
      let code = dictionary.get(v);
      if (code === undefined) dictionary.set(v, (code = dictionary.size));
      codes[i] = code;
    });
    return codes;
  };
  const s = encode(sample);
  const p = encode(population);
  return { sample: s, population: p, cardinality: dictionary.size };
}

/**
 * A class key from the codes of a row: a mixed-radix number while the product of the cardinalities is
 * exact in a double, else a joined string (many attributes with many values).
 */
export function classKeyOf(columns: readonly Int32Array[], cardinalities: readonly number[]): (row: number) => ClassKey {
  let product = 1;
  for (const c of cardinalities) product *= Math.max(c, 1);
  if (product <= Number.MAX_SAFE_INTEGER) {
    const radix: number[] = [];
    let r = 1;
    for (const c of cardinalities) {
      radix.push(r);
      r *= Math.max(c, 1);
    }
    return (row) => {
      let key = 0;
      for (let q = 0; q < columns.length; q++) key += columns[q]![row]! * radix[q]!;
      return key;
    };
  }
  return (row) => columns.map((col) => col[row]).join(',');
}

export interface Grouping extends EquivalenceClasses {
  /** Class index by key, to look population rows up in the sample's classes. */
  readonly index: ReadonlyMap<ClassKey, number>;
  readonly keyOf: (row: number) => ClassKey;
}

/** Groups rows by key; rows not included (suppressed) get class -1. */
export function groupRows(columns: readonly Int32Array[], cardinalities: readonly number[], rows: number, include?: (row: number) => boolean): Grouping {
  const keyOf = classKeyOf(columns, cardinalities);
  const index = new Map<ClassKey, number>();
  const classOf = new Int32Array(rows);
  const sizes: number[] = [];
  for (let row = 0; row < rows; row++) {
    if (include && !include(row)) {
      classOf[row] = -1;
      continue;
    }
    const key = keyOf(row);
    let c = index.get(key);
    if (c === undefined) {
      index.set(key, (c = sizes.length));
      sizes.push(0);
    }
    sizes[c]!++;
    classOf[row] = c;
  }
  return { classOf, sizes, index, keyOf };
}

/**
 * The equivalence classes of `records` over the quasi-identifiers, at original values or at the given
 * generalisation levels. A missing value is a value of its own ('*').
 *
 * @example equivalenceClasses(rows, ['age', 'sex'], { hierarchies: { age: ageHierarchy() }, levels: { age: 2 } })
 */
export function equivalenceClasses(records: readonly RiskRecord[], quasiIdentifiers: readonly string[], at: GeneralisationLevels = {}): EquivalenceClasses {
  const encoded = quasiIdentifiers.map((qi) => encodeColumn(records, [], qi, generaliserFor(qi, at)));
  const { classOf, sizes } = groupRows(
    encoded.map((e) => e.sample),
    encoded.map((e) => e.cardinality),
    records.length,
  );
  return { classOf, sizes };
}
