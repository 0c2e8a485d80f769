/**
 * Date offsets: a number of days from a patient's baseline (the first diagnosis, or the first study) to a
 * date, in days, weeks, months or years, then '*'. What a release gives instead of calendar dates: intervals
 * a researcher can use and no constant of the export can turn back into dates (a calendar date shifted per
 * patient keeps every interval exact, and one known date, such as the export's cut-off, undoes the shift).
 *
 * A bin is `floor(days / unit)` with units of 1, 7, 30.4375 (a mean month) and 365.25 days, labelled
 * `12d`, `3w`, `2m`, `-1y`. Each label names a range of days (`offsetRange`), so an attacker model can ask
 * whether a date it knows falls in it, and a file writer can write the bin's first day.
 */
import { describeLevel, type Hierarchy } from './hierarchy.ts';
import { SUPPRESSED, type CellValue } from '../table/records.ts';

export type OffsetUnit = 'days' | 'weeks' | 'months' | 'years';

export const OFFSET_UNIT_DAYS: Readonly<Record<OffsetUnit, number>> = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };
/** The units, finest first: the levels of `offsetHierarchy()`. */
export const OFFSET_UNITS: readonly OffsetUnit[] = ['days', 'weeks', 'months', 'years'];
const LETTER: Readonly<Record<OffsetUnit, string>> = { days: 'd', weeks: 'w', months: 'm', years: 'y' };
const UNIT_OF_LETTER: Readonly<Record<string, OffsetUnit>> = { d: 'days', w: 'weeks', m: 'months', y: 'years' };
const LABEL = /^(-?\d+)([dwmy])$/;
/** Further from the baseline than any life: a typing error, not an interval. */
const MAX_DAYS = 200 * 365;

function days(value: CellValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && Math.abs(n) <= MAX_DAYS ? n : undefined;
}

/** The bin of a number of days in a unit. */
export function offsetBin(d: number, unit: OffsetUnit): number {
  return Math.floor(d / OFFSET_UNIT_DAYS[unit]);
}

export function offsetLabel(d: number, unit: OffsetUnit): string {
  return binLabel(offsetBin(d, unit), unit);
}

/** The label of a bin: `3w` for week 3. */
export function binLabel(bin: number, unit: OffsetUnit): string {
  return `${bin}${LETTER[unit]}`;
}

/** The first and last day a bin covers. */
export function binRange(bin: number, unit: OffsetUnit): readonly [number, number] {
  const u = OFFSET_UNIT_DAYS[unit];
  return [Math.ceil(bin * u), Math.ceil((bin + 1) * u) - 1];
}

/** The unit and bin of a label, or undefined for '*' and anything else. */
export function parseOffsetLabel(label: string): { unit: OffsetUnit; bin: number } | undefined {
  const m = LABEL.exec(label);
  return m ? { unit: UNIT_OF_LETTER[m[2]!]!, bin: Number(m[1]) } : undefined;
}

/** The days a label covers; undefined (anything) for '*'. */
export function offsetRange(label: string): readonly [number, number] | undefined {
  const p = parseOffsetLabel(label);
  return p ? binRange(p.bin, p.unit) : undefined;
}

/**
 * Level 0 is the first of `units` (default days, weeks, months, years), each next level the next unit, the
 * top '*'. Values are whole days (numbers or digit strings); anything else is '*'.
 *
 * @example offsetHierarchy().generalise(45, 1) // '6w'
 */
export function offsetHierarchy(units: readonly OffsetUnit[] = OFFSET_UNITS): Hierarchy & { readonly units: readonly OffsetUnit[] } {
  const height = units.length;
  return {
    height,
    units,
    generalise(value, level) {
      const d = days(value);
      if (d === undefined || level >= height) return SUPPRESSED;
      return offsetLabel(d, units[Math.max(0, level)]!);
    },
    describe: (level) => describeLevel(level, height, units[level] ?? ''),
  };
}
