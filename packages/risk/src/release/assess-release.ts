/**
 * The release gate: does a risk report meet the node's policy? The caller (the CLI) refuses the release
 * with the failures and the suggestion unless a steward overrides it with a recorded justification.
 */
import { formatNumber, formatPercent, listPhrase, plural } from '../format-figures.ts';
import type { RiskReport } from '../measures/risk-report.ts';
import { checkCount, checkShare } from '../table/records.ts';

export interface ReleasePolicy {
  /** The smallest class size allowed; default 5. */
  readonly minK?: number;
  /** The highest prosecutor risk allowed (1 / smallest class); default 0.2. */
  readonly maxProsecutorRisk?: number;
  /** The largest share of records unique on the quasi-identifiers; default 0. */
  readonly maxUniqueShare?: number;
  /** The smallest distinct l-diversity of the sensitive attribute; not checked unless set. */
  readonly minL?: number;
  /** The highest average prosecutor risk (J / n); not checked unless set. */
  readonly maxAverageRisk?: number;
}

export interface ReleaseDecision {
  readonly allowed: boolean;
  /** One sentence per measure that fails, naming it and by how much it misses. */
  readonly failures: readonly string[];
  /** What to do instead, when refused. */
  readonly suggestion?: string;
}

export const DEFAULT_POLICY = { minK: 5, maxProsecutorRisk: 0.2, maxUniqueShare: 0 } as const;

/**
 * An empty report is allowed: there is nobody to re-identify. Pass the result of leastGeneralisation as
 * `plan` to have its concrete suggestion in the refusal; otherwise the suggestion says what to reach.
 *
 * @example assessRelease(measureRisk(rows, { quasiIdentifiers }), { minK: 5 }, leastGeneralisation(rows, options))
 */
export function assessRelease(report: RiskReport, policy: ReleasePolicy = {}, plan?: { readonly found?: boolean; readonly suggestion: string }): ReleaseDecision {
  const minK = policy.minK ?? DEFAULT_POLICY.minK;
  const maxRisk = policy.maxProsecutorRisk ?? DEFAULT_POLICY.maxProsecutorRisk;
  const maxUnique = policy.maxUniqueShare ?? DEFAULT_POLICY.maxUniqueShare;
  checkCount('minK', minK, 1);
  checkShare('maxProsecutorRisk', maxRisk, { allowZero: false });
  checkShare('maxUniqueShare', maxUnique, { allowZero: true });
  if (policy.minL !== undefined) checkCount('minL', policy.minL, 1);
  if (policy.maxAverageRisk !== undefined) checkShare('maxAverageRisk', policy.maxAverageRisk, { allowZero: false });
  if (report.records === 0) return { allowed: true, failures: [] };

  const failures: string[] = [];
  const n = report.records;
  const belowMinK = report.classSizes.filter((b) => b.size < minK).reduce((sum, b) => sum + b.records, 0);
  if (report.k < minK) {
    failures.push(
      `k-anonymity: k = ${report.k} is below the minimum ${minK} (${minK - report.k} short); ` +
        `${belowMinK} of ${n} records (${formatPercent(belowMinK / n)}) are in classes smaller than ${minK}`,
    );
  }
  const risk = report.prosecutor.highest;
  if (risk > maxRisk) {
    failures.push(
      `prosecutor risk: the highest re-identification risk ${formatNumber(risk)} (${formatPercent(risk)}) exceeds the maximum ` +
        `${formatNumber(maxRisk)} (${formatPercent(maxRisk)}) by ${formatNumber(risk - maxRisk)}`,
    );
  }
  if (report.uniqueShare > maxUnique) {
    failures.push(
      `unique records: ${report.uniqueRecords} of ${n} records (${formatPercent(report.uniqueShare)}) are unique on the quasi-identifiers, ` +
        `above the maximum ${formatPercent(maxUnique)} by ${formatNumber((report.uniqueShare - maxUnique) * 100)} percentage points`,
    );
  }
  if (policy.maxAverageRisk !== undefined && report.prosecutor.average > policy.maxAverageRisk) {
    const average = report.prosecutor.average;
    failures.push(
      `average risk: ${formatNumber(average)} (${formatPercent(average)}) exceeds the maximum ${formatNumber(policy.maxAverageRisk)} ` +
        `(${formatPercent(policy.maxAverageRisk)}) by ${formatNumber(average - policy.maxAverageRisk)}`,
    );
  }
  if (policy.minL !== undefined) {
    const l = report.lDiversity;
    if (!l) failures.push(`l-diversity: no sensitive attribute was measured, so the minimum l = ${policy.minL} cannot be shown`);
    else if (l.distinct < policy.minL) {
      failures.push(`l-diversity: distinct l = ${l.distinct} for ${l.attribute} is below the minimum ${policy.minL} (${policy.minL - l.distinct} short)`);
    }
  }
  if (failures.length === 0) return { allowed: true, failures };
  return { allowed: false, failures, suggestion: suggestion(report, minK, belowMinK, plan) };
}

function suggestion(report: RiskReport, minK: number, belowMinK: number, plan?: { readonly found?: boolean; readonly suggestion: string }): string {
  if (plan) return plan.suggestion;
  const qis = listPhrase([...report.quasiIdentifiers]);
  if (belowMinK > 0) {
    return `generalise or suppress ${qis} until every class has at least ${minK} records (${plural(belowMinK, 'record')} are in smaller classes); the generalisation search gives a concrete plan`;
  }
  return `generalise ${qis}, or choose fewer quasi-identifiers, until the policy is met`;
}
