/**
 * The re-identification risk report and its formulas. The report holds counts and shares only: never a
 * record, never the values of a class (a class of one described by its values is an identifier).
 *
 * Notation, after El Emam, "Guide to the De-Identification of Personal Health Information" (CRC Press,
 * 2013), ch. "Measuring the Probability of Re-Identification", and the ARX risk models
 * (https://arx.deidentifier.org/overview/privacy-criteria/ and org.deidentifier.arx.risk.RiskModelSampleSummary):
 * n records in J equivalence classes; f_j the size of class j in the released table, F_j its size in the
 * population; t the threshold of an acceptable risk for one record.
 */

/** How many classes have a given size, and how many records they hold. */
export interface ClassSizeBin {
  readonly size: number;
  readonly classes: number;
  readonly records: number;
}

export interface RiskSummary {
  /** The highest probability that one record is re-identified. */
  readonly highest: number;
  /** The expected share of records re-identified (ARX "success rate"). */
  readonly average: number;
  /** The share of records whose risk is above the threshold. */
  readonly recordsAtRisk: number;
  /** Set when no population was given and the figure rests on an assumption. */
  readonly assumption?: string;
}

export interface MarketerRisk {
  /** The expected share of records re-identified when every record is attacked. */
  readonly average: number;
  readonly assumption?: string;
}

export interface LDiversity {
  readonly attribute: string;
  /** Distinct l-diversity: the fewest distinct sensitive values in any class. */
  readonly distinct: number;
  /** Entropy l-diversity: the smallest exp(entropy) of the sensitive values in any class. */
  readonly entropy: number;
}

export interface RiskReport {
  readonly quasiIdentifiers: readonly string[];
  /** Records measured (suppressed records excluded). */
  readonly records: number;
  /** Number of equivalence classes J. */
  readonly classes: number;
  /** k-anonymity: the smallest class size, min f_j (0 for an empty table). */
  readonly k: number;
  /** Class-size distribution, smallest size first. */
  readonly classSizes: readonly ClassSizeBin[];
  /** Records alone in their class (f_j = 1). */
  readonly uniqueRecords: number;
  readonly uniqueShare: number;
  /** The per-record risk threshold t used for "records at risk". */
  readonly threshold: number;
  /**
   * Prosecutor model (the attacker knows the person is in the table):
   * highest = 1 / min f_j; average = J / n; records at risk = Σ{f_j : 1/f_j > t} / n.
   */
  readonly prosecutor: RiskSummary;
  /**
   * Journalist model (the attacker knows the person is in the population): highest = 1 / min F_j over the
   * classes of the table; records at risk = Σ{f_j : 1/F_j > t} / n; average = max(J / Σ F_j, Σ (f_j/F_j) / n),
   * as ARX computes it. Without a population F_j = f_j, so it equals the prosecutor risk.
   */
  readonly journalist: RiskSummary;
  /** Marketer model (every record is attacked): Σ (f_j / F_j) / n; without a population J / n. */
  readonly marketer: MarketerRisk;
  /** Present when a sensitive attribute was measured. */
  readonly lDiversity?: LDiversity;
  /** Size of the population used for journalist and marketer risk, when one was given. */
  readonly populationRecords?: number;
}

/** What the formulas need of each class; sensitive counts only when l-diversity is measured. */
export interface ClassStatistics {
  readonly sizes: readonly number[];
  readonly populationSizes?: readonly number[];
  readonly sensitiveCounts?: readonly ReadonlyMap<string, number>[];
}

export interface ReportContext {
  readonly quasiIdentifiers: readonly string[];
  readonly threshold: number;
  readonly sensitive?: string;
  readonly populationRecords?: number;
}

export const NO_POPULATION =
  'No population table was given, so the table is taken as its own population: journalist risk equals prosecutor risk and marketer risk is J / n.';

export function buildReport(stats: ClassStatistics, context: ReportContext): RiskReport {
  const { sizes } = stats;
  const population = stats.populationSizes ?? sizes;
  const { threshold } = context;
  const classes = sizes.length;
  let records = 0;
  let k = Infinity;
  let unique = 0;
  let prosecutorAtRisk = 0;
  let journalistAtRisk = 0;
  let smallestInPopulation = Infinity;
  let populationTotal = 0;
  let sampleOverPopulation = 0;
  const bins = new Map<number, { classes: number; records: number }>();
  sizes.forEach((f, j) => {
    const F = population[j]!;
    records += f;
    k = Math.min(k, f);
    if (f === 1) unique++;
    if (1 / f > threshold) prosecutorAtRisk += f;
    if (1 / F > threshold) journalistAtRisk += f;
    smallestInPopulation = Math.min(smallestInPopulation, F);
    populationTotal += F;
    sampleOverPopulation += f / F;
    const bin = bins.get(f) ?? { classes: 0, records: 0 };
    bin.classes++;
    bin.records += f;
    bins.set(f, bin);
  });
  const share = (x: number): number => (records === 0 ? 0 : x / records);
  const average = share(classes);
  const withPopulation = stats.populationSizes !== undefined;
  const assumption = withPopulation ? {} : { assumption: NO_POPULATION };
  const marketer = share(sampleOverPopulation);
  return {
    quasiIdentifiers: [...context.quasiIdentifiers],
    records,
    classes,
    k: classes === 0 ? 0 : k,
    classSizes: [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([size, b]) => ({ size, classes: b.classes, records: b.records })),
    uniqueRecords: unique,
    uniqueShare: share(unique),
    threshold,
    prosecutor: { highest: classes === 0 ? 0 : 1 / k, average, recordsAtRisk: share(prosecutorAtRisk) },
    journalist: {
      highest: classes === 0 ? 0 : 1 / smallestInPopulation,
      average: withPopulation ? Math.max(populationTotal === 0 ? 0 : classes / populationTotal, marketer) : average,
      recordsAtRisk: share(journalistAtRisk),
      ...assumption,
    },
    marketer: { average: withPopulation ? marketer : average, ...assumption },
    ...(context.sensitive === undefined || stats.sensitiveCounts === undefined ? {} : { lDiversity: lDiversity(context.sensitive, stats.sensitiveCounts) }),
    ...(context.populationRecords === undefined ? {} : { populationRecords: context.populationRecords }),
  };
}

/**
 * Machanavajjhala et al., "l-Diversity: Privacy Beyond k-Anonymity" (2007): distinct l = min_j |S_j|;
 * entropy l = min_j exp(-Σ_s p_js ln p_js). A missing sensitive value counts as a value ('*').
 */
function lDiversity(attribute: string, counts: readonly ReadonlyMap<string, number>[]): LDiversity {
  if (counts.length === 0) return { attribute, distinct: 0, entropy: 0 };
  let distinct = Infinity;
  let entropy = Infinity;
  for (const values of counts) {
    distinct = Math.min(distinct, values.size);
    let total = 0;
    for (const c of values.values()) total += c;
    let h = 0;
    for (const c of values.values()) h -= (c / total) * Math.log(c / total);
    entropy = Math.min(entropy, Math.exp(h));
  }
  return { attribute, distinct, entropy };
}
