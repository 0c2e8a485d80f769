/**
 * The clinical quality checks, by stable name (`dimension.check`, after the EUCAIM quality dimensions:
 * completeness, validity, conformance, plausibility, uniqueness, linkage). Severity decides what happens to
 * the row: an error excludes it from a release with the check's name as the reason; a warning keeps it
 * (the offending value, if unusable, is left empty). A mapping may change a check's default severity,
 * except for withdrawn consent, which is never releasable.
 */

export type Severity = 'error' | 'warning';

export const QC_CHECKS = {
  'completeness.required_field': { severity: 'error', description: 'A field the mapping marks required is empty.' },
  'completeness.unknown_value': { severity: 'warning', description: 'A required field says "unknown".' },
  'validity.date_unparseable': { severity: 'warning', description: 'A date cannot be read as a calendar date in the declared format.' },
  'validity.two_digit_year': { severity: 'warning', description: 'A date has a two-digit year; its century was taken from the mapping\'s pivot.' },
  'validity.number_unparseable': { severity: 'warning', description: 'A number cannot be read.' },
  'conformance.value_set': { severity: 'warning', description: 'A value is not in the field\'s value set nor in the mapping\'s value map.' },
  'conformance.code_format': { severity: 'warning', description: 'A code was written in a non-standard form (case, missing dot) and was normalised.' },
  'conformance.unmapped_code': { severity: 'warning', description: 'A valid value has no standard code (SNOMED CT, EUCAIM) known for sure; it is kept uncoded.' },
  'plausibility.age_range': { severity: 'warning', description: 'An age is outside 0-120 years (a unit error is likely); it is left empty.' },
  'plausibility.age_unit': { severity: 'warning', description: 'An age was given in another unit (days, months) than the column\'s; it was converted to years.' },
  'plausibility.age_mismatch': { severity: 'warning', description: 'The age at diagnosis disagrees by more than a year with the birth and diagnosis dates.' },
  'plausibility.unit': { severity: 'warning', description: 'A quantity is in another unit than the column\'s (converted), or in a unit that cannot be converted (left empty).' },
  'plausibility.value_range': { severity: 'warning', description: 'A quantity is implausible for its kind (e.g. a dose above 150 Gy); it is left empty.' },
  'plausibility.date_order': { severity: 'warning', description: 'Dates of one patient are in an impossible order (e.g. diagnosis before birth, follow-up after death).' },
  'uniqueness.duplicate_row': { severity: 'warning', description: 'A row repeats an earlier row exactly; it is merged into it.' },
  'uniqueness.conflicting_duplicate': { severity: 'error', description: 'Rows of a table that holds one row per patient disagree for the same patient.' },
  'linkage.orphan_record': { severity: 'error', description: 'A row names a patient who has no row in the patient table.' },
  'linkage.clinical_without_images': { severity: 'warning', description: 'A patient has clinical data but no images.' },
  'linkage.images_without_clinical': { severity: 'warning', description: 'A patient has images but no clinical data.' },
  'consent.withdrawn': { severity: 'error', description: 'The patient withdrew consent: none of the patient\'s rows is released.' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type CheckName = keyof typeof QC_CHECKS;

export const CHECK_NAMES = Object.keys(QC_CHECKS) as CheckName[];

/** Checks whose severity a mapping may not lower. */
export const FIXED_SEVERITY: ReadonlySet<CheckName> = new Set(['consent.withdrawn']);

/**
 * One finding: where, never what. `row` is the data row number in its table (1 = the first row under the
 * header); `column` is a header name. No cell value is ever stored here.
 */
export interface Finding {
  readonly check: CheckName;
  readonly severity: Severity;
  /** The patient's pseudonym; null when the row has no patient key. */
  readonly patient: string | null;
  /** The source table name (`patients.csv`, `file.xlsx#Sheet`); null for patient-level linkage findings. */
  readonly table: string | null;
  readonly row: number | null;
  readonly column: string | null;
  /** A short explanation built from column names, units and check names only. */
  readonly note?: string;
}
