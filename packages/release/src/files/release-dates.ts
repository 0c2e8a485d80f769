/**
 * Dates in a release: every date becomes its offset from the patient's baseline (the first diagnosis, else the
 * first released study), binned in the unit the risk search chose. The clinical extract carries the bin as a
 * number (`episode_start_offset_weeks: 3`); a DICOM file, whose dates must be dates, carries the bin's first
 * day counted from a fixed anchor, 2000-01-01, which stands for day 0 (the baseline) of every patient. No
 * calendar date of the hospital's survives, so no constant of the export (its cut-off, a shift) recovers one.
 */
import { binRange, offsetLabel, parseDate, parseOffsetLabel, type OffsetUnit } from '@oncoatlas/risk';
import { RELEASE_METHOD_PREFIX } from './header-facts.ts';

/** Day 0, the baseline of every patient, in the released DICOM files. */
export const RELEASE_ANCHOR = '20000101';
const ANCHOR_DAY = Date.UTC(2000, 0, 1) / 86_400_000;

/** The day number (days since 1970-01-01) of `YYYYMMDD` or `YYYY-MM-DD`, or null when it is not a date. */
export function dayNumber(date: unknown): number | null {
  const d = typeof date === 'string' ? parseDate(date) : undefined;
  return d ? Date.UTC(d.year, d.month - 1, d.day) / 86_400_000 : null;
}

function formatDay(day: number): string {
  const d = new Date(day * 86_400_000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The DICOM date of an offset label (`3w` -> the first day of week 3 after the anchor). */
export function anchoredDate(label: string): string | null {
  const p = parseOffsetLabel(label);
  return p ? formatDay(ANCHOR_DAY + binRange(p.bin, p.unit)[0]) : null;
}

/** Read back: the offset label a released DICOM date stands for, in the version's unit. */
export function labelOfAnchoredDate(date: string, unit: OffsetUnit): string | null {
  const day = dayNumber(date);
  return day === null ? null : offsetLabel(day - ANCHOR_DAY, unit);
}

/** The release's value of De-identification Method (0012,0063), at most 64 characters (LO). */
export function releaseMethod(unit: OffsetUnit | null, hour: boolean): string {
  return `${RELEASE_METHOD_PREFIX} dates ${unit ?? 'removed'} since ${RELEASE_ANCHOR}; times ${hour ? 'hour' : 'removed'}`;
}

/** The offset unit a released file's method value states, or null when its dates are removed. */
export function unitOfMethod(method: string | null): OffsetUnit | null {
  const m = /dates (days|weeks|months|years) since/.exec(method ?? '');
  return m ? (m[1] as OffsetUnit) : null;
}
