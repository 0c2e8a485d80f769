/**
 * What a dataset version records about itself (the `summary` of its row, and reports/risk.json): counts,
 * the steward's statements, the risk figures before and after the generalisation, and the release decision.
 * Counts and codes only; the risk figures come from @oncoatlas/risk reports, which hold no record values.
 */
import type { RiskReport } from '@oncoatlas/risk';
import type { VersionCounts } from '../dossier/dossier-data.ts';
import { SENSITIVE_ATTRIBUTE, type RiskAssessment, type RiskPolicy } from '../risk/release-risk.ts';

export interface RiskSummaryJson {
  readonly quasiIdentifiers: readonly string[];
  readonly sensitive: string;
  readonly policy: RiskPolicy;
  readonly before: RiskReport;
  readonly after: RiskReport;
  readonly levels: Readonly<Record<string, number>>;
  readonly generalisation: readonly string[];
  readonly suppressedStudies: number;
  readonly decision: { readonly allowed: boolean; readonly failures: readonly string[]; readonly suggestion: string | null };
}

export interface VersionSummary {
  readonly title: string;
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly holder: { readonly name: string | null; readonly contact: string | null };
  readonly counts: VersionCounts & {
    /** CDM records per table in the extract. */
    readonly records: Readonly<Record<string, number>>;
  };
  /** Integrated studies left out of this version, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  readonly risk: RiskSummaryJson;
  /** The populate run's de-identification settings (profile, options, date policy); never the secret. */
  readonly deidentification: Readonly<Record<string, unknown>>;
}

export function riskSummary(r: RiskAssessment): RiskSummaryJson {
  return {
    quasiIdentifiers: r.quasiIdentifiers, sensitive: SENSITIVE_ATTRIBUTE, policy: r.policy, before: r.before, after: r.after,
    levels: r.levels, generalisation: r.generalisation, suppressedStudies: r.suppressed.length,
    decision: { allowed: r.decision.allowed, failures: r.decision.failures, suggestion: r.decision.suggestion ?? null },
  };
}
