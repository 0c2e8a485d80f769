/**
 * Dates to month, year and decade, then '*'. Accepts YYYYMMDD (DICOM DA) and YYYY-MM-DD; a date that does
 * not exist (2023-02-29, month 13) or another format is missing, '*', at every level rather than an
 * error, so that one bad cell in a clinical table does not stop the whole release.
 */
import { describeLevel, type Hierarchy } from './hierarchy.ts';
import { SUPPRESSED, type CellValue } from '../table/records.ts';

const DATE = /^(\d{4})(-?)(\d{2})\2(\d{2})$/;
const NAMES = ['day', 'month', 'year', 'decade'] as const;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function parseDate(value: CellValue | undefined): CalendarDate | undefined {
  if (value === null || value === undefined) return undefined;
  const m = DATE.exec(String(value).trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  // Day 0 of the next month is the last day of this one, leap years included.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > lastDay ? undefined : { year, month, day };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Level 0 YYYY-MM-DD, 1 YYYY-MM, 2 YYYY, 3 the decade ("2010-2019"), 4 '*'.
 *
 * @example dateHierarchy().generalise('20150312', 1) // '2015-03'
 */
export function dateHierarchy(): Hierarchy {
  const height = NAMES.length;
  return {
    height,
    generalise(value, level) {
      const date = parseDate(value);
      if (!date || level >= height) return SUPPRESSED;
      const year = pad(date.year, 4);
      if (level <= 0) return `${year}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
      if (level === 1) return `${year}-${pad(date.month, 2)}`;
      if (level === 2) return year;
      const decade = Math.floor(date.year / 10) * 10;
      return `${pad(decade, 4)}-${pad(decade + 9, 4)}`;
    },
    describe: (level) => describeLevel(level, height, NAMES[level] ?? ''),
  };
}
