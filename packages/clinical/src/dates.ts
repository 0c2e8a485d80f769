/**
 * Reads dates the way hospital exports write them: ISO (`2020-03-05`, with or without a time, as spreadsheet
 * readers give date cells), compact DICOM (`20200305`), and day-first or month-first with `/`, `.` or `-`
 * separators and four- or two-digit years. Which of day or month comes first is never guessed from the
 * value (05/06 reads both ways): the mapping says it. A two-digit year needs a pivot from the mapping too;
 * without one the date is unreadable rather than put in the wrong century.
 */

export interface DateFormat {
  /** `05/06/2020` is 5 June when true, May 6 when false. */
  readonly dayFirst: boolean;
  /** Two-digit years up to this value are 20yy, above it 19yy; absent: two-digit years are unreadable. */
  readonly twoDigitYearPivot?: number;
}

export type DateReading =
  | { readonly ok: true; readonly date: string; readonly twoDigitYear: boolean }
  | { readonly ok: false; readonly reason: 'unparseable' | 'no_century' };

/** A calendar date as `YYYY-MM-DD`, or null when no such day exists (31 April, 29 February 2023). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseClinicalDate(raw: string, format: DateFormat): DateReading {
  const v = raw.trim();
  const bad = { ok: false, reason: 'unparseable' } as const;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { ok: true, date, twoDigitYear: false } : bad;
  }
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(v);
  if (!m) return bad;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const [day, month] = format.dayFirst ? [a, b] : [b, a];
  let year = Number(m[4]);
  const twoDigitYear = m[4]!.length === 2;
  if (twoDigitYear) {
    if (format.twoDigitYearPivot === undefined) return isoDate(2000, month, day) ? { ok: false, reason: 'no_century' } : bad;
    year += year <= format.twoDigitYearPivot ? 2000 : 1900;
  }
  const date = isoDate(year, month, day);
  return date ? { ok: true, date, twoDigitYear } : bad;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** `date` moved by `days` (negative: earlier), for date policies that shift per patient. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
