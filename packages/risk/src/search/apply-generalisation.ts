/**
 * Applies a chosen generalisation to the records: the table that is actually released. Suppression
 * follows ARX: a record in a class smaller than k keeps its other attributes but every quasi-identifier
 * becomes '*', and it is left out of the risk measures.
 */
import { equivalenceClasses, generaliserFor, type Hierarchies, type Levels } from '../table/equivalence-classes.ts';
import { checkCount, SUPPRESSED, type CellValue, type RiskRecord } from '../table/records.ts';

export interface ApplyOptions {
  readonly quasiIdentifiers: readonly string[];
  readonly hierarchies: Hierarchies;
  readonly levels: Levels;
  /** Suppress the records of classes smaller than k; nothing is suppressed without it. */
  readonly k?: number;
}

export interface GeneralisedTable {
  /** The records in input order, quasi-identifiers generalised (all '*' where suppressed). */
  readonly records: readonly Record<string, CellValue>[];
  /** Whether each input record was suppressed. */
  readonly suppressed: readonly boolean[];
  readonly suppressedRecords: number;
}

/** @example applyGeneralisation(rows, { quasiIdentifiers, hierarchies, levels: plan.levels, k: 5 }) */
export function applyGeneralisation(records: readonly RiskRecord[], options: ApplyOptions): GeneralisedTable {
  const { quasiIdentifiers, k } = options;
  if (k !== undefined) checkCount('k', k, 1);
  const generalisers = quasiIdentifiers.map((qi) => generaliserFor(qi, options));
  let suppressed: boolean[] = records.map(() => false);
  if (k !== undefined && k > 1) {
    const { classOf, sizes } = equivalenceClasses(records, quasiIdentifiers, options);
    suppressed = records.map((_, row) => sizes[classOf[row]!]! < k);
  }
  const out = records.map((record, row) => {
    const copy: Record<string, CellValue> = { ...record };
    quasiIdentifiers.forEach((qi, q) => {
      copy[qi] = suppressed[row] ? SUPPRESSED : generalisers[q]!(record[qi]);
    });
    return copy;
  });
  return { records: out, suppressed, suppressedRecords: suppressed.filter(Boolean).length };
}
