/**
 * The least generalisation that makes a table k-anonymous, optionally suppressing a bounded share of
 * records (as ARX does). The lattice has one dimension per quasi-identifier, one step per hierarchy level.
 *
 * The lattice search (lattice-search.ts) finds every minimal node reaching k within the suppression limit;
 * among them the one with the least information loss is chosen. The loss strictly grows with every level,
 * so no non-minimal node can beat it.
 */
import { oncoError } from '@oncoatlas/core';
import { measureRisk } from '../measures/measure-risk.ts';
import type { RiskReport } from '../measures/risk-report.ts';
import { encodeColumn, groupRows, type Hierarchies, type Levels } from '../table/equivalence-classes.ts';
import { checkAttributes, checkCount, checkShare, type Population, type RiskRecord } from '../table/records.ts';
import { formatPercent } from '../format-figures.ts';
import { applyGeneralisation } from './apply-generalisation.ts';
import { searchLattice } from './lattice-search.ts';
import { planSuggestion } from './plan-suggestion.ts';

/** 8 quasi-identifiers of 5 levels is 390,625 nodes; far beyond that an exhaustive search is the wrong tool. */
const MAX_LATTICE_NODES = 2_000_000;
const ALTERNATIVES = 10;
const LOSS_EPSILON = 1e-12;
/** 0.01 × 300 is 2.9999999999999996 in binary; the limit the steward meant is 3 records. */
const SHARE_EPSILON = 1e-9;

export interface GeneralisationOptions {
  /** The quasi-identifiers; their order breaks the last ties (lower levels on earlier attributes first). */
  readonly quasiIdentifiers: readonly string[];
  /** A hierarchy for every quasi-identifier. */
  readonly hierarchies: Hierarchies;
  readonly k: number;
  /** The largest share of records that may be suppressed; default 0. */
  readonly maxSuppression?: number;
  /** Passed to the report of the chosen node. */
  readonly sensitive?: string;
  readonly population?: Population;
  readonly threshold?: number;
  /** Human names of attributes for the suggestion. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface LatticeNode {
  readonly levels: Levels;
  /** Mean over quasi-identifiers of level / height: 0 is the original table, 1 everything suppressed. */
  readonly informationLoss: number;
  /** Records in classes smaller than k at this node, which are suppressed. */
  readonly suppressedRecords: number;
}

export interface GeneralisationResult extends LatticeNode {
  /** False when no node reaches k within the suppression limit; levels are then the top node. */
  readonly found: boolean;
  readonly suppressedShare: number;
  /** The measures of the released records (suppressed records left out), at the chosen levels. */
  readonly report: RiskReport;
  /** Up to 10 minimal nodes, best first (the chosen one first), for a steward who prefers another trade-off. */
  readonly alternatives: readonly LatticeNode[];
  readonly minimalNodes: number;
  readonly nodesEvaluated: number;
  readonly latticeSize: number;
  /** What to do, in words: "generalise age to 10-year bands and diagnosis_date to year; suppress 3 records (0.2 %)". */
  readonly suggestion: string;
}

interface Candidate {
  readonly levels: readonly number[];
  readonly loss: number;
  readonly suppressed: number;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (Math.abs(a.loss - b.loss) > LOSS_EPSILON) return a.loss - b.loss;
  if (a.suppressed !== b.suppressed) return a.suppressed - b.suppressed;
  for (let q = 0; q < a.levels.length; q++) if (a.levels[q] !== b.levels[q]) return a.levels[q]! - b.levels[q]!;
  return 0;
}

/**
 * Throws CONFIG_INVALID when a quasi-identifier has no hierarchy, k or the suppression limit is invalid,
 * or the lattice is too large for an exhaustive search; RISK_ATTRIBUTE_UNKNOWN when a quasi-identifier or
 * the sensitive attribute is no record's attribute.
 *
 * @example leastGeneralisation(rows, { quasiIdentifiers: ['age', 'sex'], hierarchies: { age: ageHierarchy(), sex: tableHierarchy([['F'], ['M']]) }, k: 5, maxSuppression: 0.01 })
 */
/**
 * Why even the most general node fails. Hierarchies need not end in a single class (a caller may keep an
 * attribute it cannot generalise), so the records still in small classes there are counted, not assumed.
 */
function topOfLattice(stillSmall: number, n: number, k: number): string {
  if (n < k) return `the table's ${n} records form one class smaller than ${k}`;
  return `at the most general level of every hierarchy, ${stillSmall} of ${n} records (${formatPercent(stillSmall / n)}) remain in classes smaller than ${k}; allow that much suppression, or generalise the attributes whose hierarchies stop short`;
}

export function leastGeneralisation(records: readonly RiskRecord[], options: GeneralisationOptions): GeneralisationResult {
  const { quasiIdentifiers: qis, hierarchies, k } = options;
  const maxSuppression = options.maxSuppression ?? 0;
  checkAttributes(records, qis, options.sensitive);
  checkCount('k', k, 1);
  checkShare('The suppression limit', maxSuppression, { allowZero: true });
  const heights = qis.map((qi) => {
    const h = hierarchies[qi];
    if (!h) throw oncoError('CONFIG_INVALID', `The quasi-identifier ${qi} has no generalisation hierarchy.`, { attribute: qi });
    checkCount(`The height of the hierarchy of ${qi}`, h.height, 1);
    return h.height;
  });
  const latticeSize = heights.reduce((size, h) => size * (h + 1), 1);
  if (latticeSize > MAX_LATTICE_NODES) {
    throw oncoError('CONFIG_INVALID', `The generalisation lattice has ${latticeSize} nodes, more than the ${MAX_LATTICE_NODES} an exhaustive search allows; use fewer quasi-identifiers or levels.`, {
      nodes: latticeSize,
    });
  }

  const n = records.length;
  const allowed = Math.floor(maxSuppression * n + SHARE_EPSILON);
  const columns = qis.map((qi, q) => Array.from({ length: heights[q]! + 1 }, (_, level) => encodeColumn(records, [], qi, (v) => hierarchies[qi]!.generalise(v, level))));
  const lossOf = (levels: readonly number[]): number => levels.reduce((sum, l, q) => sum + l / heights[q]!, 0) / qis.length;
  const suppressedAt = (levels: readonly number[]): number => {
    const cols = levels.map((l, q) => columns[q]![l]!);
    const { sizes } = groupRows(
      cols.map((c) => c.sample),
      cols.map((c) => c.cardinality),
      n,
    );
    let small = 0;
    for (const size of sizes) if (size < k) small += size;
    return small;
  };

  const { minimal: nodes, nodesEvaluated } = searchLattice(heights, suppressedAt, allowed);
  const minimal: Candidate[] = nodes.map((c) => ({ ...c, loss: lossOf(c.levels) }));
  minimal.sort(compareCandidates);

  const named = (levels: readonly number[]): Levels => Object.fromEntries(qis.map((qi, q) => [qi, levels[q]!]));
  const measure = { quasiIdentifiers: qis, hierarchies, ...pick(options) };
  const best = minimal[0];
  if (!best) {
    const top = named(heights);
    return {
      found: false,
      levels: top,
      informationLoss: 1,
      suppressedRecords: 0,
      suppressedShare: 0,
      report: measureRisk(records, { ...measure, levels: top }),
      alternatives: [],
      minimalNodes: 0,
      nodesEvaluated,
      latticeSize,
      suggestion: `no generalisation reaches k = ${k} with at most ${formatPercent(maxSuppression)} of records suppressed: ` + topOfLattice(suppressedAt(heights), n, k),
    };
  }
  const levels = named(best.levels);
  const applied = applyGeneralisation(records, { quasiIdentifiers: qis, hierarchies, levels, k });
  const released = records.filter((_, row) => !applied.suppressed[row]);
  return {
    found: true,
    levels,
    informationLoss: best.loss,
    suppressedRecords: best.suppressed,
    suppressedShare: n === 0 ? 0 : best.suppressed / n,
    report: measureRisk(released, { ...measure, levels }),
    alternatives: minimal.slice(0, ALTERNATIVES).map((c) => ({ levels: named(c.levels), informationLoss: c.loss, suppressedRecords: c.suppressed })),
    minimalNodes: minimal.length,
    nodesEvaluated,
    latticeSize,
    suggestion: planSuggestion({ quasiIdentifiers: qis, hierarchies, ...(options.labels ? { labels: options.labels } : {}) }, levels, best.suppressed, n),
  };
}

function pick(options: GeneralisationOptions): { sensitive?: string; population?: Population; threshold?: number } {
  return {
    ...(options.sensitive === undefined ? {} : { sensitive: options.sensitive }),
    ...(options.population === undefined ? {} : { population: options.population }),
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  };
}
