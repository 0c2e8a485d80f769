/**
 * Ages in years to nested bands (5, 10, 20 years by default, then '*'), the usual ARX/EUCAIM Wizard
 * hierarchy for age. Bands are aligned on multiples of their width so each band sits inside the next.
 */
import type { Hierarchy } from './hierarchy.ts';
import { bandHierarchy } from './derived-hierarchy.ts';
import type { CellValue } from '../table/records.ts';

/** Older than any patient: larger values are typing errors, not ages, and are treated as missing. */
const MAX_AGE = 130;
const DICOM_AGE = /^(\d{3})([DWMY])$/;
const DAYS_PER_YEAR = 365.25;

export interface AgeHierarchyOptions {
  /** Band widths in years, each a multiple of the one before; default [5, 10, 20]. */
  readonly bands?: readonly number[];
}

/**
 * Reads whole years from a number, a decimal string ("45", "45.5") or a DICOM Age String ("045Y",
 * "006M", "010W", "030D"); anything else, negative or above 130 is missing.
 */
export function ageInYears(value: CellValue | undefined): number | undefined {
  let years: number | undefined;
  if (typeof value === 'number') years = value;
  else if (typeof value === 'string') {
    const text = value.trim().toUpperCase();
    const dicom = DICOM_AGE.exec(text);
    if (dicom) {
      const n = Number(dicom[1]);
      const unit = dicom[2]!;
      years = unit === 'Y' ? n : unit === 'M' ? n / 12 : unit === 'W' ? (n * 7) / DAYS_PER_YEAR : n / DAYS_PER_YEAR;
    } else if (/^\d+(\.\d+)?$/.test(text)) years = Number(text);
  }
  if (years === undefined || !Number.isFinite(years) || years < 0 || years > MAX_AGE) return undefined;
  return Math.floor(years);
}

/**
 * Level 0 is the age in whole years, levels 1.. the bands ("30-34", "30-39", "20-39"), the top '*'.
 * Throws CONFIG_INVALID when a band width is not a multiple of the previous one (bands would not nest).
 *
 * @example ageHierarchy().generalise('045Y', 2) // '40-49'
 */
export function ageHierarchy(options: AgeHierarchyOptions = {}): Hierarchy {
  return bandHierarchy(options.bands ?? [5, 10, 20], (w) => `${w}-year bands`, ageInYears);
}
