/**
 * Everything the compliance dossier of a dataset version shows: the evidence of anonymisation a data
 * sharing or transfer agreement asks for. Plain JSON (it is also written as `dossier.json` beside the HTML
 * and PDF), built from the ledger, the reports and the audit log. It holds counts, codes, hashes and the
 * steward's own words (title, purpose, legal basis, override justification): never a patient's identifier,
 * a hospital UID or a file path of the source.
 */

/** What a version holds, counted. */
export interface VersionCounts {
  readonly patients: number;
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
  readonly files: number;
  readonly bytes: number;
  /** Instances per modality. */
  readonly modalities: Readonly<Record<string, number>>;
}

export interface DossierDeidOption {
  /** The option's code in PS3.15 Table CID 7050, e.g. `113108`. */
  readonly code: string;
  /** Its name, e.g. `Retain Patient Characteristics Option`. */
  readonly name: string;
}

export interface DossierRiskMeasures {
  readonly records: number;
  readonly classes: number;
  readonly k: number;
  readonly uniqueRecords: number;
  readonly uniqueShare: number;
  /** Highest and average re-identification probability under each attacker model. */
  readonly prosecutor: { readonly highest: number; readonly average: number; readonly recordsAtRisk: number };
  readonly journalist: { readonly highest: number; readonly average: number; readonly recordsAtRisk: number; readonly assumption?: string };
  readonly marketer: { readonly average: number; readonly assumption?: string };
  readonly lDiversity?: { readonly attribute: string; readonly distinct: number; readonly entropy: number };
  /** The probability above which a record counts as at risk. */
  readonly threshold: number;
}

/** Burned-in text: what OCR found in the images held for it and what became of them; counts and methods only. */
export interface DossierBurnedIn {
  /** The steward asked for the Clean Pixel Data option (113101): detected text and device text zones blanked, verified by OCR. */
  readonly cleanPixelData: boolean;
  readonly scanned: number;
  readonly withIdentifiers: number;
  readonly redactedAutomatically: number;
  readonly redactedByReviewer: number;
  readonly releasedAsIs: number;
  readonly rejected: number;
  /** Redactions by method as written to (0012,0063), who decided, and whether OCR of the result found no identifier. */
  readonly redactions: readonly { readonly method: string; readonly by: 'option' | 'reviewer'; readonly verified: boolean | null; readonly instances: number }[];
}

export interface DossierData {
  readonly dataset: {
    readonly id: string;
    readonly version: number;
    readonly title: string;
    readonly description: string | null;
    /** 'draft' until released; a released version never changes. */
    readonly state: 'draft' | 'released';
    readonly createdAt: string;
    readonly createdBy: string;
    readonly releasedAt: string | null;
    readonly releasedBy: string | null;
    /** SHA-256 (hex) of manifest.json, which lists every file of the version with its SHA-256. */
    readonly manifestSha256: string;
    readonly counts: VersionCounts;
  };
  /** Steward-stated; null when not given (the dossier says so). */
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly holder: { readonly name: string | null; readonly contact: string | null };
  /** Studies identified -> integrated / rejected by reason (study counts). */
  readonly funnel: {
    readonly identified: number;
    readonly integrated: number;
    readonly rejected: Readonly<Record<string, number>>;
    readonly review: number;
    readonly pending: number;
    /** Studies of the integrated set left out of this version, by reason (e.g. risk_suppressed). */
    readonly excludedFromVersion: Readonly<Record<string, number>>;
  };
  readonly deidentification: {
    /** `basic` (PS3.15 Annex E Basic Application Level Confidentiality Profile) or `eucaim` (CTP-compatible). */
    readonly profile: string;
    /** The edition of the standard the profile table was generated from, e.g. `2025b`. */
    readonly standardRevision: string;
    readonly options: readonly DossierDeidOption[];
    readonly datePolicy: string;
    readonly verification: {
      readonly instancesVerified: number;
      /** Identifier values of the input found in the output bytes (must be 0 for a release). */
      readonly identifierHits: number;
      /** Studies held for burned-in text review, and how they were decided. */
      readonly reviewApproved: number;
      readonly reviewRejected: number;
    };
    /** Instances held for burned-in text (instance counts over the node's ledger, like the funnel). */
    readonly burnedIn: DossierBurnedIn;
  };
  readonly clinical: {
    readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
    readonly patients: { readonly total: number; readonly excluded: number };
    readonly linkageChecked: boolean;
    /** One line per QC check that found something: counts only. */
    readonly checks: readonly { readonly check: string; readonly description: string; readonly errors: number; readonly warnings: number; readonly patients: number }[];
    /** CDM records in the extract, per table. */
    readonly records: Readonly<Record<string, number>>;
  } | null;
  readonly risk: {
    /** One record per patient: all of a patient's studies and clinical records together. */
    readonly unit: 'patient';
    /** Each quasi-identifier with what the version releases of it (`10-year bands`, `suppressed (*)`). */
    readonly quasiIdentifiers: readonly { readonly name: string; readonly label: string; readonly releasedAs: string }[];
    readonly sensitive: string | null;
    /** How dates are released: offsets from each patient's baseline, in a unit, or not at all. */
    readonly dates: { readonly policy: string; readonly studies: string; readonly clinical: string; readonly outcomes: string; readonly times: string };
    /** The integrated data, and the written version as released. */
    readonly before: DossierRiskMeasures;
    readonly after: DossierRiskMeasures;
    /** Per quasi-identifier not released at its finest level, the generalisation in words. */
    readonly generalisation: readonly string[];
    readonly suppressedPatients: number;
    readonly studiesLeftOut: number;
    /** Each attacker model run on the written version with the hospital's own records: counts only. */
    readonly attacks: readonly { readonly label: string; readonly targets: number; readonly reidentified: number; readonly share: number }[];
    /** What every released attribute was declared as, and by whom. */
    readonly declarations: readonly { readonly where: string; readonly declaredAs: string; readonly by: string; readonly attributes: readonly string[] }[];
    readonly policy: { readonly minK: number; readonly minL: number; readonly maxProsecutorRisk: number; readonly maxSuppression: number; readonly maxAttackShare: number };
    readonly decision: { readonly allowed: boolean; readonly failures: readonly string[]; readonly suggestion: string | null };
    /** Present when a steward released above the threshold. */
    readonly override: { readonly by: string; readonly at: string; readonly justification: string } | null;
  };
  readonly provenance: {
    readonly software: string;
    readonly generatedAt: string;
    /** The audit log's signed-off state when the dossier was made. */
    readonly auditLog: { readonly size: number; readonly rootHash: string };
    /** The audit events about this dataset, oldest first. */
    readonly events: readonly { readonly seq: number; readonly at: string; readonly type: string; readonly actor: string }[];
    /** Populate runs that produced the data. */
    readonly runs: readonly { readonly id: number; readonly command: string; readonly startedAt: string; readonly finishedAt: string | null; readonly status: string }[];
  };
}
