/**
 * One call for every measure of a table: k-anonymity, class sizes, uniqueness, l-diversity and the
 * prosecutor, journalist and marketer risks (formulas in risk-report.ts).
 */
import { oncoError } from '@oncoatlas/core';
import { classKeyOf, encodeColumn, generaliserFor, groupRows, type GeneralisationLevels } from '../table/equivalence-classes.ts';
import { canonicalValue, checkAttributes, checkShare, weightedPopulation, type Population, type RiskRecord } from '../table/records.ts';
import { buildReport, type RiskReport } from './risk-report.ts';

/** ARX's default: a record is at risk when its re-identification probability exceeds 20 % (a class below 5). */
export const DEFAULT_THRESHOLD = 0.2;

export interface MeasureOptions extends GeneralisationLevels {
  readonly quasiIdentifiers: readonly string[];
  /** The attribute whose disclosure l-diversity measures (e.g. diagnosis). */
  readonly sensitive?: string;
  /** The population the table is a sample of; without it the table is its own population. */
  readonly population?: Population;
  /** Per-record risk threshold t for "records at risk"; default 0.2. */
  readonly threshold?: number;
}

/**
 * Measures the records as they would be released: at original values, or generalised to `levels` with
 * `hierarchies` (the population is generalised the same way). Suppressed records are left out by the
 * caller, as ARX leaves them out of its risk analysis.
 *
 * Throws RISK_ATTRIBUTE_UNKNOWN when a quasi-identifier or the sensitive attribute is no record's attribute;
 * RISK_POPULATION_MISMATCH when a class of the table is larger than in the population (the table is then not
 * a sample of it) or a population class size is invalid; CONFIG_INVALID when the attribute list is empty or
 * repeats a name, a level does not exist, or the threshold is not a share.
 */
export function measureRisk(records: readonly RiskRecord[], options: MeasureOptions): RiskReport {
  const { quasiIdentifiers, sensitive } = options;
  checkAttributes(records, quasiIdentifiers, sensitive);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  checkShare('The risk threshold', threshold, { allowZero: false });
  const population = options.population === undefined ? undefined : weightedPopulation(options.population);
  const encoded = quasiIdentifiers.map((qi) => encodeColumn(records, population?.rows ?? [], qi, generaliserFor(qi, options)));
  const cardinalities = encoded.map((e) => e.cardinality);
  const grouping = groupRows(
    encoded.map((e) => e.sample),
    cardinalities,
    records.length,
  );
  const { sizes, classOf } = grouping;

  let populationSizes: number[] | undefined;
  let populationRecords: number | undefined;
  if (population) {
    populationSizes = sizes.map(() => 0);
    populationRecords = 0;
    const keyOf = classKeyOf(
      encoded.map((e) => e.population),
      cardinalities,
    );
    population.rows.forEach((_, row) => {
      const weight = population.weights[row]!;
      populationRecords! += weight;
      const c = grouping.index.get(keyOf(row));
      if (c !== undefined) populationSizes![c]! += weight;
    });
    const short = sizes.filter((f, j) => populationSizes![j]! < f).length;
    if (short > 0) {
      throw oncoError(
        'RISK_POPULATION_MISMATCH',
        `${short} of ${sizes.length} classes of the table have fewer records in the population than in the table: the table must be a sample of the population, coded alike.`,
        { classes: short },
      );
    }
  }

  let sensitiveCounts: Map<string, number>[] | undefined;
  if (sensitive !== undefined) {
    sensitiveCounts = sizes.map(() => new Map<string, number>());
    records.forEach((record, row) => {
      const counts = sensitiveCounts![classOf[row]!]!;
      const v = canonicalValue(record[sensitive]);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    });
  }

  return buildReport(
    { sizes, ...(populationSizes ? { populationSizes } : {}), ...(sensitiveCounts ? { sensitiveCounts } : {}) },
    { quasiIdentifiers, threshold, ...(sensitive === undefined ? {} : { sensitive }), ...(populationRecords === undefined ? {} : { populationRecords }) },
  );
}
