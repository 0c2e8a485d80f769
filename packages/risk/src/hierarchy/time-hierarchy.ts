/**
 * Times of day (DICOM TM `HHMMSS.FFFFFF`, `HHMM`, `HH`, or `HH:MM:SS`) to the hour, then '*'. An exact
 * time is never a level: with a date or a visit it pins one scan of one person, so the finest a release may
 * show is the hour.
 */
import { type Hierarchy } from './hierarchy.ts';
import { SUPPRESSED, type CellValue } from '../table/records.ts';

const TIME = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.\d{1,6})?)?)?$/;

/** The hour (0-23) of a time value, or undefined. */
export function hourOf(value: CellValue | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIME.exec(value.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  return h < 24 && min < 60 && s < 61 ? h : undefined;
}

/** Level 0 the hour as two digits (`'14'`, itself a valid DICOM TM), level 1 '*'. */
export function timeHierarchy(): Hierarchy {
  return {
    height: 1,
    generalise(value, level) {
      const h = hourOf(value);
      if (h === undefined || level >= 1) return SUPPRESSED;
      return String(h).padStart(2, '0');
    },
    describe: (level) => (level <= 0 ? 'the hour' : 'suppressed (*)'),
  };
}
