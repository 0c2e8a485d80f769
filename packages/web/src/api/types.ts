/**
 * The JSON the node's API returns, as far as the UI reads it. Declared here rather than imported because the
 * server packages are Node code and must not end up in the browser bundle; each type names the server type
 * it mirrors, so a change there is easy to follow here.
 */

export type Counts = Record<string, number>;

/** Mirrors packages/server problem-details.ts `ProblemDetails` (RFC 9457 with our error code). */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

/** Mirrors the body of GET /auth/session (packages/server auth/browser-sign-in.ts). */
export interface Session {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly issuer: string;
}

/** Mirrors packages/pipeline funnel/funnel.ts `ClinicalFunnel`. */
export interface ClinicalFunnel {
  readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
  readonly patients: { readonly total: number; readonly excluded: number };
  readonly excludedRows: Counts;
  readonly excludedPatients: Counts;
  readonly records: Counts;
}

/** Mirrors packages/pipeline funnel/funnel.ts `HeldForReview`. */
export interface HeldForReview {
  readonly studies: number;
  readonly instances: number;
}

/** Mirrors packages/pipeline funnel/funnel.ts `FunnelReport` without `studies` (GET /api/funnel). */
export interface Funnel {
  readonly identified: number;
  readonly integrated: number;
  /** Rejected studies by reason. */
  readonly rejected: Counts;
  /** Studies with nothing released yet whose held images wait for a decision (part of the sum). */
  readonly review: number;
  readonly pending: number;
  /** Held images waiting for a decision and their studies, integrated ones included (not part of the sum). */
  readonly held: HeldForReview;
  readonly clinical?: ClinicalFunnel;
  /** Images, not studies (packages/pipeline funnel.ts `BurnedInCounts`); absent from a node older than OCR. */
  readonly burnedIn?: BurnedInCounts;
  /** The study queue of the newest distributed run (packages/store `WorkQueueCounts`); absent without scale-out. */
  readonly workQueue?: WorkQueueCounts;
}

export interface WorkQueueCounts {
  readonly run: number;
  readonly queued: number;
  readonly active: number;
  readonly retry: number;
  readonly dead: number;
  readonly completed: number;
}

export interface BurnedInCounts {
  readonly scanned: number;
  readonly withIdentifiers: number;
  readonly failed: number;
  readonly redactedAutomatically: number;
  readonly redactedByReviewer: number;
  readonly releasedAsIs: number;
  readonly rejected: number;
}

/** Mirrors the PopulationRun of the UI contract (packages/server population routes). */
export interface PopulationStage {
  readonly name: string;
  readonly done: number;
  readonly total: number | null;
  readonly unit: 'files' | 'studies' | 'exports' | 'images';
  readonly finished: boolean;
}

export type RunStatus = 'running' | 'completed' | 'failed';

export interface PopulationRun {
  readonly id: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly stage: 'inventory' | 'select' | 'deidentify' | 'ocr' | 'clinical' | null;
  readonly stages: readonly PopulationStage[];
  readonly error: { readonly code: string; readonly detail: string } | null;
  readonly funnel: Funnel | null;
}

/** One row of the ledger's runs table as GET /api/population lists it (the ledger's run number). */
export interface LedgerRun {
  readonly id: number;
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: string;
}

/** GET /api/population. */
export interface Population {
  readonly configured: boolean;
  readonly source: string | null;
  readonly current: PopulationRun | null;
  readonly runs: readonly LedgerRun[];
}

/** Mirrors packages/pipeline inventory/inventory.ts `InventoryReport`, plus the run it came from. */
export interface Inventory {
  /** The ledger's run number (null for a report written outside a run). */
  readonly run: number | null;
  readonly createdAt: string;
  readonly files: number;
  readonly bytes: number;
  readonly instances: number;
  readonly studies: number;
  readonly patients: number;
  readonly byModality: Counts;
  readonly bySopClass: Counts;
  readonly byManufacturer: Counts;
  readonly byBodyPart: Counts;
  readonly byYear: Counts;
  readonly byTransferSyntax: Counts;
  readonly burnedIn: { readonly declaredYes: number; readonly undeclaredRisky: number; readonly clear: number; readonly studiesAtRisk: number };
  readonly rejectedFiles: Counts;
  readonly identifyingAttributes?: Counts;
  readonly privateCreators?: Counts;
  readonly withoutCharacterSet?: number;
  readonly duplicates?: { readonly identical: number; readonly conflicting: number };
  readonly conflictingDemographics?: { readonly patients: number; readonly studies: number };
  readonly estimatedOutputBytes?: number;
}

/** Mirrors packages/clinical qc/report.ts `QcExample`. */
export interface QcExample {
  readonly patient: string | null;
  readonly table: string | null;
  readonly row: number | null;
  readonly column: string | null;
}

/** Mirrors packages/clinical qc/report.ts `QcCheckSummary`. */
export interface QcCheckSummary {
  readonly check: string;
  readonly description: string;
  readonly errors: number;
  readonly warnings: number;
  readonly patients: number;
  readonly examples: readonly QcExample[];
}

/** Mirrors GET /api/qc: `{run, createdAt, ...QcReport}` of packages/clinical qc/report.ts. */
export interface QcReport {
  readonly run: number | string | null;
  readonly createdAt: string;
  readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
  readonly tables: readonly { readonly table: string; readonly rows: number; readonly kept: number; readonly merged: number; readonly excluded: number }[];
  readonly patients: { readonly total: number; readonly excluded: number };
  readonly linkageChecked: boolean;
  readonly checks: readonly QcCheckSummary[];
}

export type * from './review-types.ts';

/** Mirrors packages/risk measures/risk-report.ts `RiskSummary`. */
export interface RiskSummary {
  readonly highest: number;
  readonly average: number;
  readonly recordsAtRisk: number;
  readonly assumption?: string;
}

/** Mirrors packages/risk measures/risk-report.ts `RiskReport` (the fields the UI shows). */
export interface RiskReport {
  readonly quasiIdentifiers: readonly string[];
  readonly records: number;
  readonly classes: number;
  readonly k: number;
  readonly uniqueRecords: number;
  readonly uniqueShare: number;
  readonly threshold: number;
  readonly prosecutor: RiskSummary;
  readonly journalist: RiskSummary;
  readonly marketer: { readonly average: number; readonly assumption?: string };
  readonly lDiversity?: { readonly attribute: string; readonly distinct: number; readonly entropy: number };
  /** Size of the population used for journalist and marketer risk, when one was given. */
  readonly populationRecords?: number;
}

/** Mirrors packages/release attack/attacker-models.ts `AttackOutcome` (the fields the UI shows). */
export interface AttackOutcome {
  readonly model: string;
  readonly label: string;
  readonly targets: number;
  readonly reidentified: number;
  readonly share: number;
}

/** Mirrors packages/release version/version-summary.ts `RiskSummaryJson`. */
export interface RiskSummaryJson {
  readonly unit: 'patient';
  readonly quasiIdentifiers: readonly string[];
  readonly sensitive: string;
  readonly policy: { readonly minK: number; readonly minL: number; readonly maxProsecutorRisk: number; readonly maxSuppression: number; readonly maxAttackShare: number };
  readonly datePolicy: string;
  readonly before: RiskReport;
  readonly after: RiskReport;
  readonly levels: Counts;
  readonly generalisation: readonly string[];
  readonly suppressedPatients: number;
  readonly studiesLeftOut: number;
  readonly suppressedStudies: number;
  readonly attacks: readonly AttackOutcome[];
  readonly decision: { readonly allowed: boolean; readonly failures: readonly string[]; readonly suggestion: string | null };
}

/** Mirrors packages/release version/version-summary.ts `VersionSummary`. */
export interface VersionSummary {
  readonly title: string;
  readonly description?: string | null;
  /** The cohort asked for (packages/release inputs/cohort-selection.ts `CohortSelection`) and what each criterion left out. */
  readonly cohort?: { readonly selection: NonNullable<NewVersionRequest['cohort']>; readonly excluded: Counts };
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly holder: { readonly name: string | null; readonly contact: string | null };
  readonly counts: {
    readonly patients: number;
    readonly studies: number;
    readonly series: number;
    readonly instances: number;
    readonly files: number;
    readonly bytes: number;
    readonly modalities: Counts;
    readonly records: Counts;
  };
  readonly excluded: Counts;
  readonly risk: RiskSummaryJson;
  /** The populate run's de-identification settings (profile, options, date policy); never the secret. */
  readonly deidentification?: Record<string, unknown>;
}

export type VersionState = 'draft' | 'released' | string;

/** One dataset of GET /api/datasets (packages/server node-routes.ts). */
export interface DatasetListItem {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly createdAt: string;
  readonly versions: readonly {
    readonly version: number;
    readonly state: VersionState;
    readonly createdAt: string;
    readonly releasedAt: string | null;
    readonly manifestSha256: string | null;
  }[];
}

/** GET /api/datasets/:id (packages/server node-routes.ts). */
export interface DatasetVersion {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly version: number;
  readonly state: VersionState;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly releasedAt: string | null;
  readonly releasedBy: string | null;
  readonly manifestSha256: string | null;
  /** The risk override recorded at release, as the release wrote it. */
  readonly override: Record<string, unknown> | null;
  readonly summary: VersionSummary;
}

/** POST /api/datasets body (UI contract; createDatasetVersion of packages/release). */
export interface NewVersionRequest {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly purpose?: string;
  readonly legalBasis?: string;
  readonly maxSuppression?: number;
  /** Mirrors packages/release inputs/cohort-selection.ts `CohortSelection`. */
  readonly cohort?: {
    readonly modalities?: readonly string[];
    readonly conditions?: readonly string[];
    readonly bodyParts?: readonly string[];
    readonly from?: string;
    readonly to?: string;
    readonly hasClinicalRecord?: boolean;
  };
}

/** POST /api/datasets 201 (UI contract). */
export interface NewVersionResponse {
  readonly id: string;
  readonly version: number;
  readonly state: string;
}

/** POST /api/datasets/:id/release (UI contract). */
export interface ReleaseResponse {
  readonly id: string;
  readonly version: number;
  readonly state: string;
  readonly dossier: { readonly html: boolean; readonly pdf: boolean };
}

/** One card of GET /api/catalogue/entries (UI contract). */
export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly state: 'published' | 'invalidated';
  readonly version: number;
  readonly releasedAt: string | null;
  readonly studies: number;
  readonly subjects: number;
  readonly modalities: readonly string[];
  readonly bodyParts: readonly string[];
  /** ICD-10 categories, `other` for those the release pooled (fewer than k patients). */
  readonly conditions: readonly string[];
  /** Condition code -> its name (WHO ICD-10 title), for the codes that have one. */
  readonly conditionNames: Readonly<Record<string, string>>;
  /** The primary condition the records state (eucaim:hasCondition); null when there is none. */
  readonly primaryCondition?: { readonly code: string; readonly name: string | null } | null;
  /** Birth sexes as the release published them (a sex of fewer than k patients pooled under `unknown`). */
  readonly sexes: readonly string[];
  /** Ages spanned by the 10-year bands of at least k patients; null when the release published none. */
  readonly ageRange: { readonly min: number; readonly max: number } | null;
  readonly landingUrl?: string;
}

export type Localised = Record<string, string>;

/** Mirrors packages/catalogue dataset-facts.ts `Organisation`. */
export interface Organisation {
  readonly name: string;
  readonly email?: string;
  readonly contactPage?: string;
  readonly homepage?: string;
}

/** Mirrors packages/catalogue dataset-facts.ts `ContactPoint`. */
export interface ContactPoint {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

/**
 * Mirrors packages/catalogue dataset-facts.ts `StewardFacts`, loosened to what parseStewardFacts accepts: any
 * field may be missing (validation then names it). Unknown keys are kept as they came.
 */
export interface StewardFacts {
  readonly title?: Localised;
  readonly description?: Localised;
  readonly keywords?: Record<string, readonly string[]>;
  readonly contactPoints?: readonly ContactPoint[];
  readonly publisher?: Organisation;
  readonly hdab?: Organisation;
  readonly provenance?: Localised;
  readonly legalBasis?: Localised;
  readonly legalBasisConcepts?: readonly string[];
  readonly purpose?: Localised;
  readonly accessRights?: string;
  readonly accessConditions?: readonly string[];
  readonly dataUseConditions?: readonly string[];
  readonly accessUrl?: string;
  readonly license?: string;
  readonly applicableLegislation?: readonly string[];
  readonly healthCategories?: readonly string[];
  readonly tier?: string;
  readonly collectionMethods?: readonly string[];
  readonly datasetTypes?: readonly string[];
  readonly primaryCondition?: string;
}

export type CatalogueAction = 'publish' | 'unpublish' | 'invalidate' | 'reactivate';

export type CatalogueState = 'draft' | 'released' | 'published' | 'invalidated';

/** Mirrors packages/catalogue dataset-facts.ts `CodedCount`. */
export interface CodedCount {
  readonly value: string;
  readonly count: number;
  readonly codings?: readonly { readonly system: string; readonly code: string }[];
}

/**
 * Mirrors packages/catalogue dataset-facts.ts `GeneratedFacts` (what the release computed from the data), all
 * optional: the UI shows what is there and nothing else.
 */
export interface GeneratedFacts {
  readonly counts?: { readonly patients?: number; readonly studies?: number; readonly series?: number; readonly instances?: number; readonly bytes?: number };
  readonly sex?: readonly CodedCount[];
  readonly conditions?: readonly CodedCount[];
  readonly modalities?: readonly CodedCount[];
  readonly bodyParts?: readonly CodedCount[];
  readonly manufacturers?: readonly CodedCount[];
  readonly ageRange?: { readonly min: number; readonly max: number };
  readonly acquisitionPeriod?: { readonly start: string; readonly end: string };
  readonly pseudonymised?: boolean;
  readonly manifestSha256?: string;
}

/** GET /api/catalogue/datasets/:id/entry (UI contract). */
export interface CatalogueRecordEntry {
  readonly id: string;
  readonly title: string;
  readonly state: CatalogueState;
  /**
   * The contract says CatalogueAction[]; catalogue's own allowedActions() spells them in capitals (`PUBLISH`)
   * and includes RELEASE, so the UI lower-cases them and keeps the four it offers (see catalogue/actions.ts).
   */
  readonly allowedActions: readonly string[];
  readonly steward: StewardFacts | null;
  /** Read-only facts the release generated; shown as given. */
  readonly generated: GeneratedFacts | null;
  /** Values of the released data the records leave out for lack of a EUCAIM code, with their patients. */
  readonly unmappedValues?: readonly UnmappedValue[];
}

/** Mirrors packages/catalogue coded-values.ts `unmappedValues` items. */
export interface UnmappedValue {
  readonly property: string;
  readonly value: string;
  readonly count: number;
}

/** Mirrors packages/catalogue validate-records.ts `RecordProblem`. */
export interface RecordProblem {
  readonly property: string;
  readonly name: string;
  readonly focus: string;
  readonly message: string;
  readonly severity: 'violation' | 'warning' | 'info';
  readonly rule: string;
  /** The form field at fault (`publisher.name`, `contactPoints.1.email`); none for generated values. */
  readonly field?: string;
  /** The field in the form's words (`Publisher › Name`). */
  readonly label: string;
  /** What to set. */
  readonly todo: string;
}

/**
 * Mirrors packages/catalogue validate-records.ts `RecordValidation`, which POST /api/catalogue/datasets/:id/check
 * returns as is: the list is `problems` (the UI contract's `results` is not what the server sends). `conforms`
 * is true when no problem is a violation; warnings and infos do not block publishing.
 */
export interface RecordValidation {
  readonly conforms: boolean;
  readonly problems: readonly RecordProblem[];
}

/** Mirrors packages/release catalogue-lifecycle.ts `changeCatalogueState`'s result. */
export interface CatalogueChange {
  readonly from: string;
  readonly to: string;
  readonly version: number;
}
