/**
 * Numbers with units as hospital exports write them (`23 mm`, `2,3 cm`, `6000 cGy`, `24511 d`, DICOM's
 * `067Y`), converted to the one unit the CDM stores per dimension: millimetres, gray, years. A bare number
 * takes the unit the mapping declares for its column; with none declared it is not guessed.
 */

export type Dimension = 'length' | 'radiation_dose' | 'age';

interface Unit {
  readonly unit: string;
  /** Multiply by this to get the canonical unit. */
  readonly factor: number;
}

const DAYS_PER_YEAR = 365.25;

const UNITS: Record<Dimension, { readonly canonical: string; readonly aliases: Record<string, Unit> }> = {
  length: {
    canonical: 'mm',
    aliases: {
      mm: { unit: 'mm', factor: 1 }, milimetros: { unit: 'mm', factor: 1 }, millimetres: { unit: 'mm', factor: 1 }, millimeters: { unit: 'mm', factor: 1 },
      cm: { unit: 'cm', factor: 10 }, centimetros: { unit: 'cm', factor: 10 }, centimetres: { unit: 'cm', factor: 10 }, centimeters: { unit: 'cm', factor: 10 },
    },
  },
  radiation_dose: {
    canonical: 'Gy',
    aliases: { gy: { unit: 'Gy', factor: 1 }, gray: { unit: 'Gy', factor: 1 }, cgy: { unit: 'cGy', factor: 0.01 }, centigray: { unit: 'cGy', factor: 0.01 } },
  },
  age: {
    canonical: 'years',
    aliases: Object.fromEntries([
      ...['y', 'a', 'yr', 'yrs', 'year', 'years', 'ano', 'anos', 'any', 'anys'].map((a) => [a, { unit: 'years', factor: 1 }]),
      ...['mo', 'mes', 'meses', 'mesos', 'month', 'months'].map((a) => [a, { unit: 'months', factor: 1 / 12 }]),
      ...['w', 'wk', 'week', 'weeks', 'sem', 'semanas', 'setmanes'].map((a) => [a, { unit: 'weeks', factor: 7 / DAYS_PER_YEAR }]),
      ...['d', 'day', 'days', 'dia', 'dias', 'dies'].map((a) => [a, { unit: 'days', factor: 1 / DAYS_PER_YEAR }]),
    ]),
  },
};

/** Units the mapping may declare for a column of this dimension (canonical spellings). */
export function unitsOf(dimension: Dimension): string[] {
  return [...new Set(Object.values(UNITS[dimension].aliases).map((u) => u.unit))];
}

export function canonicalUnit(dimension: Dimension): string {
  return UNITS[dimension].canonical;
}

function unitKey(unit: string): string {
  return unit.normalize('NFD').replace(/\p{M}/gu, '').trim().replace(/\.$/, '').toLowerCase();
}

export function resolveUnit(dimension: Dimension, written: string): Unit | null {
  return UNITS[dimension].aliases[unitKey(written)] ?? null;
}

export interface NumberAndUnit {
  readonly value: number;
  /** The unit text after the number, '' when there is none. */
  readonly unit: string;
}

/** `2,3 cm` → 2.3 and `cm`; one decimal separator (`.` or `,`), no thousands separators. */
export function splitQuantity(raw: string): NumberAndUnit | null {
  const v = raw.trim();
  const as = /^(\d{3})([DWMY])$/.exec(v); // DICOM Age String
  if (as) return { value: Number(as[1]), unit: { D: 'd', W: 'w', M: 'mo', Y: 'y' }[as[2] as 'D' | 'W' | 'M' | 'Y'] };
  const m = /^([+-]?\d+(?:[.,]\d+)?)\s*(\S.*)?$/.exec(v);
  if (!m) return null;
  return { value: Number(m[1]!.replace(',', '.')), unit: (m[2] ?? '').trim() };
}

export type QuantityReading =
  | {
    readonly ok: true;
    /** In the dimension's canonical unit. */
    readonly value: number;
    /** The unit the value was in (canonical spelling). */
    readonly from: string;
    /** True when that unit differs from the one the mapping declares for the column. */
    readonly offUnit: boolean;
  }
  | { readonly ok: false; readonly reason: 'unparseable' | 'unknown_unit' | 'no_unit' };

/**
 * Reads a quantity: the unit written after the number wins, then the row's unit column, then the unit the
 * mapping declares for the column.
 */
export function readQuantity(raw: string, dimension: Dimension, declared?: string, unitCell?: string): QuantityReading {
  const split = splitQuantity(raw);
  if (!split || !Number.isFinite(split.value)) return { ok: false, reason: 'unparseable' };
  const written = split.unit !== '' ? split.unit : (unitCell ?? '').trim();
  const declaredUnit = declared === undefined ? null : resolveUnit(dimension, declared);
  const unit = written !== '' ? resolveUnit(dimension, written) : declaredUnit;
  if (!unit) return { ok: false, reason: written !== '' ? 'unknown_unit' : 'no_unit' };
  return { ok: true, value: split.value * unit.factor, from: unit.unit, offUnit: declaredUnit !== null && unit.unit !== declaredUnit.unit };
}

/** Drug dose units are kept as written (no conversion across mg, mg/m2, mg/kg); only known ones pass. */
const DRUG_UNITS: Record<string, string> = {
  mg: 'mg', g: 'g', mcg: 'ug', ug: 'ug', µg: 'ug', 'mg/m2': 'mg/m2', 'mg/m²': 'mg/m2', 'mg/kg': 'mg/kg', 'g/m2': 'g/m2', 'g/m²': 'g/m2',
  ui: '[iU]', iu: '[iU]', ml: 'mL', 'mg/dia': 'mg/d', 'mg/d': 'mg/d', 'mg/day': 'mg/d', auc: 'AUC',
};

export function drugUnit(written: string): string | null {
  return DRUG_UNITS[written.trim().toLowerCase().replace(/\s+/g, '')] ?? null;
}

/** Largest plausible value per dimension, in canonical units: beyond it a unit was almost surely wrong. */
export const PLAUSIBLE_RANGE: Record<Dimension, readonly [number, number]> = {
  length: [0.1, 500],
  radiation_dose: [0.1, 150],
  age: [0, 120],
};
