/**
 * The table the risk measures read: plain records keyed by attribute name, as a clinical CSV or the
 * kept DICOM attributes of a release give them. Nothing here does I/O.
 */
import { oncoError } from '@oncoatlas/core';

export type CellValue = string | number | null;
export type RiskRecord = Readonly<Record<string, CellValue>>;

/** The value of a suppressed (or missing) cell and the top level of every hierarchy. */
export const SUPPRESSED = '*';

/** A population class given by its count instead of its records (e.g. a registry's table of counts). */
export interface PopulationClass {
  /** The quasi-identifier values of the class, at level 0 (original values). */
  readonly values: RiskRecord;
  /** Number of people in the population with these values. */
  readonly size: number;
}

/**
 * The population the released table is a sample of, for journalist and marketer risk: either its
 * records or its class sizes. Every record of the sample must belong to it.
 */
export type Population = { readonly records: readonly RiskRecord[] } | { readonly classes: readonly PopulationClass[] };

/** Population rows with a weight each, so records and class counts are handled alike. */
export interface WeightedRows {
  readonly rows: readonly RiskRecord[];
  readonly weights: readonly number[];
}

/**
 * Missing, empty and blank cells are one value, written '*': an attacker learns as much from "unknown"
 * as from any other value, so it forms its own class. Padding is trimmed because DICOM pads strings.
 */
export function canonicalValue(value: CellValue | undefined): string {
  if (value === null || value === undefined) return SUPPRESSED;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : SUPPRESSED;
  const trimmed = value.trim();
  return trimmed === '' ? SUPPRESSED : trimmed;
}

/** Throws RISK_POPULATION_MISMATCH for a class size that is not a positive whole number. */
export function weightedPopulation(population: Population): WeightedRows {
  if ('records' in population) return { rows: population.records, weights: population.records.map(() => 1) };
  population.classes.forEach((c, i) => {
    if (!Number.isSafeInteger(c.size) || c.size < 1) {
      throw oncoError('RISK_POPULATION_MISMATCH', `Population class ${i} has size ${String(c.size)}; a size is a positive whole number.`, { class: i });
    }
  });
  return { rows: population.classes.map((c) => c.values), weights: population.classes.map((c) => c.size) };
}

/**
 * Rejects attribute lists that would make every measure meaningless: a typo in a quasi-identifier name
 * otherwise yields one big class and a reassuring k. A name no record has is RISK_ATTRIBUTE_UNKNOWN; an
 * empty list, a name listed twice or a sensitive attribute that is also a quasi-identifier is CONFIG_INVALID.
 */
export function checkAttributes(records: readonly RiskRecord[], quasiIdentifiers: readonly string[], sensitive?: string): void {
  if (quasiIdentifiers.length === 0) throw oncoError('CONFIG_INVALID', 'At least one quasi-identifier is needed to measure re-identification risk.');
  const seen = new Set<string>();
  for (const qi of quasiIdentifiers) {
    if (seen.has(qi)) throw oncoError('CONFIG_INVALID', `The quasi-identifier ${qi} is listed twice.`, { attribute: qi });
    seen.add(qi);
    if (records.length > 0 && !records.some((r) => Object.hasOwn(r, qi))) {
      throw oncoError('RISK_ATTRIBUTE_UNKNOWN', `The quasi-identifier ${qi} is not an attribute of any record.`, { attribute: qi });
    }
  }
  if (sensitive !== undefined) {
    if (seen.has(sensitive)) throw oncoError('CONFIG_INVALID', `The sensitive attribute ${sensitive} is also a quasi-identifier.`, { attribute: sensitive });
    if (records.length > 0 && !records.some((r) => Object.hasOwn(r, sensitive))) {
      throw oncoError('RISK_ATTRIBUTE_UNKNOWN', `The sensitive attribute ${sensitive} is not an attribute of any record.`, { attribute: sensitive });
    }
  }
}

export function checkShare(name: string, value: number, { allowZero }: { allowZero: boolean }): void {
  const ok = Number.isFinite(value) && value <= 1 && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw oncoError('CONFIG_INVALID', `${name} must be a share ${allowZero ? 'from 0' : 'above 0'} to 1, not ${String(value)}.`, { option: name });
}

export function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw oncoError('CONFIG_INVALID', `${name} must be a whole number of at least ${min}, not ${String(value)}.`, { option: name });
  }
}
