/**
 * What a dataset version records about itself (the `summary` of its row, and reports/risk.json): counts, the
 * cohort it was selected as, the steward's statements, the dataset-level facts the catalogue publishes, the
 * risk measured on the written version (one record per patient) and under attack, what every released
 * attribute was declared as, and the release decision. Counts, codes and names of attributes only.
 */
import type { RiskReport } from '@oncoatlas/risk';
import type { AttackOutcome } from '../attack/attacker-models.ts';
import type { VersionFacts } from '../catalogue/version-facts.ts';
import type { VersionCounts } from '../dossier/dossier-data.ts';
import type { CohortSelection, SelectionCriterion } from '../inputs/cohort-selection.ts';
import type { DeclaredGroup } from '../measure/declarations.ts';
import type { ReleaseDatePolicy, ReleaseDecision, ReleasePolicy } from '../risk/release-assessment.ts';

export interface RiskSummaryJson {
  /** What one record stands for: a patient, with all of their studies and clinical records. */
  readonly unit: 'patient';
  readonly quasiIdentifiers: readonly string[];
  readonly sensitive: string;
  readonly policy: ReleasePolicy;
  readonly datePolicy: ReleaseDatePolicy;
  /** The integrated data at the finest level a release shows, and the written version as released. */
  readonly before: RiskReport;
  readonly after: RiskReport;
  readonly levels: Readonly<Record<string, number>>;
  /** The generalisation in words, one line per quasi-identifier not at its finest level. */
  readonly generalisation: readonly string[];
  readonly suppressedPatients: number;
  /** Studies left out of patients who stay in the version. */
  readonly studiesLeftOut: number;
  /** All studies of the selection the version does not hold: those of suppressed patients and those left out. */
  readonly suppressedStudies: number;
  readonly attacks: readonly AttackOutcome[];
  /** Every released attribute and what it was declared as. */
  readonly declarations: readonly DeclaredGroup[];
  readonly decision: ReleaseDecision;
}

export interface VersionSummary {
  readonly title: string;
  readonly description: string | null;
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly holder: { readonly name: string | null; readonly contact: string | null };
  /** The cohort asked for and how many integrated studies each criterion left out. */
  readonly cohort: { readonly selection: CohortSelection; readonly excluded: Readonly<Partial<Record<SelectionCriterion, number>>> };
  readonly counts: VersionCounts & {
    /** CDM records per table in the extract. */
    readonly records: Readonly<Record<string, number>>;
  };
  /** Selected studies left out of this version, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  /** Dataset-level facts for the catalogue, counted before the rows were generalised (version-facts.ts). */
  readonly facts: VersionFacts;
  readonly risk: RiskSummaryJson;
  /** The populate run's de-identification settings (profile, options, date policy); never the secret. */
  readonly deidentification: Readonly<Record<string, unknown>>;
}
