/**
 * The release gate, one record per patient. Before writing, the least generalisation of the integrated data
 * that meets the policy is searched (risk's minimalGeneralisation: k-anonymity and distinct l-diversity of the
 * treatments, studies left out of a patient before the patient is suppressed). After writing, the version is
 * measured as it was written (views read back from its files and tables, every value as released) and
 * attacked under the named attacker models; the decision rests on those figures, not on the plan's. Pure.
 */
import {
  canonicalValue, measurePatients, minimalGeneralisation, type Levels, type PatientRecord, type QuasiIdentifier, type RiskReport,
} from '@oncoatlas/risk';
import type { AttackOutcome } from '../attack/attacker-models.ts';
import { releaseQuasiIdentifiers, SENSITIVE_ATTRIBUTE, STUDIES, type ReleaseQuasiIdentifier } from '../profile/quasi-identifiers.ts';

export interface ReleasePolicy {
  /** The smallest group of patients a released patient may fall into. */
  readonly minK: number;
  /** The fewest distinct sets of treatments such a group must hold (distinct l-diversity). */
  readonly minL: number;
  /** The highest prosecutor risk (1 / the smallest group). */
  readonly maxProsecutorRisk: number;
  /** The largest share of patients suppressed, and of studies left out, to meet the policy. */
  readonly maxSuppression: number;
  /** The largest share of released patients any attacker model may re-identify uniquely. */
  readonly maxAttackShare: number;
}

export const DEFAULT_RELEASE_POLICY: ReleasePolicy = { minK: 5, minL: 2, maxProsecutorRisk: 0.2, maxSuppression: 0.1, maxAttackShare: 0.05 };

/** `offset`: dates as offsets from the baseline at the unit the search picks; `remove`: no date, interval or time. */
export type ReleaseDatePolicy = 'offset' | 'remove';
const DATED = ['study_offset', 'clinical_offset', 'outcome_offset', 'study_time'];

export interface ReleasePlan {
  readonly qis: readonly ReleaseQuasiIdentifier[];
  readonly levels: Levels;
  /** False when no generalisation meets the policy within the suppression limit (the version is refused). */
  readonly found: boolean;
  readonly suppressedPatients: ReadonlySet<string>;
  /** Patients kept by leaving studies out: pseudonym -> positions in the view's studies. */
  readonly leftOut: ReadonlyMap<string, readonly number[]>;
  readonly suggestion: string;
  /** The integrated data, measured at the finest level the release could show. */
  readonly before: RiskReport;
}

export interface PlanOptions {
  readonly policy: ReleasePolicy;
  readonly datePolicy: ReleaseDatePolicy;
  /** Weights that replace the defaults of quasi-identifiers.ts (what matters more to this dataset's users). */
  readonly weights?: Readonly<Record<string, number>>;
}

export function releaseQis(weights: Readonly<Record<string, number>> = {}): ReleaseQuasiIdentifier[] {
  return releaseQuasiIdentifiers().map((q) => (weights[q.name] === undefined ? q : { ...q, weight: weights[q.name]! }));
}

export function planRelease(views: readonly PatientRecord[], o: PlanOptions): ReleasePlan {
  const qis = releaseQis(o.weights);
  const minimumLevels = o.datePolicy === 'remove' ? Object.fromEntries(qis.filter((q) => DATED.includes(q.name)).map((q) => [q.name, q.hierarchy.height])) : {};
  const before = measurePatients(views, qis, { levels: minimumLevels, sensitive: SENSITIVE_ATTRIBUTE });
  const found = minimalGeneralisation(views, qis, {
    k: o.policy.minK, minL: o.policy.minL, sensitive: SENSITIVE_ATTRIBUTE, maxSuppression: o.policy.maxSuppression,
    localSuppression: { group: STUDIES }, minimumLevels,
  });
  return {
    qis, levels: found.levels, found: found.found, suppressedPatients: new Set(found.suppressed), leftOut: found.leftOut,
    suggestion: found.suggestion, before,
  };
}

/** The quasi-identifiers as a released version is measured: values are compared as written. */
export function asReleased(qis: readonly QuasiIdentifier[]): QuasiIdentifier[] {
  return qis.map((q) => ({ ...q, hierarchy: { height: 1, generalise: (v) => canonicalValue(v), describe: () => 'as released' } }));
}

export interface ReleaseDecision {
  readonly allowed: boolean;
  readonly failures: readonly string[];
  readonly suggestion: string | null;
}

const pct = (x: number): string => `${Number((x * 100).toFixed(1))} %`;

/** Measures the released patients and decides, from the measures and the attacks on the written version. */
export function assessReleased(released: readonly PatientRecord[], plan: ReleasePlan, policy: ReleasePolicy, attacks: readonly AttackOutcome[]): { after: RiskReport; decision: ReleaseDecision } {
  const after = measurePatients(released, asReleased(plan.qis), { sensitive: SENSITIVE_ATTRIBUTE });
  const failures: string[] = [];
  const n = after.records;
  if (n > 0 && after.k < policy.minK) {
    const below = after.classSizes.filter((b) => b.size < policy.minK).reduce((a, b) => a + b.records, 0);
    failures.push(`k-anonymity: k = ${after.k} is below the minimum ${policy.minK}; ${below} of ${n} patients (${pct(below / n)}) are in groups smaller than ${policy.minK}`);
  }
  if (n > 0 && after.prosecutor.highest > policy.maxProsecutorRisk) {
    failures.push(`prosecutor risk: the highest re-identification risk ${pct(after.prosecutor.highest)} exceeds the maximum ${pct(policy.maxProsecutorRisk)}`);
  }
  if (n > 0 && after.lDiversity && after.lDiversity.distinct < policy.minL) {
    failures.push(`l-diversity: a group of patients holds ${after.lDiversity.distinct} distinct value${after.lDiversity.distinct === 1 ? '' : 's'} of ${SENSITIVE_ATTRIBUTE}, below the minimum ${policy.minL}`);
  }
  const labels = new Map(plan.qis.map((q) => [q.name, q.label]));
  for (const a of attacks) {
    if (a.share <= policy.maxAttackShare) continue;
    failures.push(`attack by ${a.label}: ${a.reidentified} of ${n} released patients (${pct(a.share)}) re-identified uniquely, above the maximum ${pct(policy.maxAttackShare)}; generalise ${a.attributes.map((x) => labels.get(x) ?? x).join(', ')}`);
  }
  if (!plan.found) failures.unshift(`no generalisation meets the policy: ${plan.suggestion}`);
  return { after, decision: { allowed: failures.length === 0, failures, suggestion: failures.length === 0 ? null : plan.suggestion } };
}

/** The applied generalisation in words, one line per quasi-identifier not at its finest level. */
export function generalisationLines(plan: ReleasePlan): string[] {
  return plan.qis.filter((q) => !q.fixed && (plan.levels[q.name] ?? 0) > 0).map((q) => `${q.label}: ${q.hierarchy.describe(plan.levels[q.name]!)}`);
}

