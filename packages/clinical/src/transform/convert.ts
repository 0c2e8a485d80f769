/**
 * Reads one row's mapped cells into typed values, with a finding for everything that was not as the CDM
 * wants it. An unusable value is left empty (and the finding says why); whether the row survives is decided
 * later, from the severities of all its findings.
 */
import { conditionConcept } from '../codes.ts';
import { parseClinicalDate } from '../dates.ts';
import type { ColumnMapping, Mapping } from '../mapping/mapping.ts';
import { drugUnit, PLAUSIBLE_RANGE, readQuantity, splitQuantity, type Dimension } from '../quantities.ts';
import type { CheckName } from '../qc/checks.ts';
import { conceptByKey, lookupValue, normalizeLocal, TREATMENT_SUBTYPE, type Lookup } from '../value-sets.ts';
import { addFinding, codeOf, severityOf, type FieldValue, type RowDraft } from './draft.ts';

export interface ConvertOptions {
  readonly uidOf?: (uid: string) => string;
}

/** Fills `d.values` from `d.cells`; dose is read last because its unit depends on the treatment type. */
export function convertRow(d: RowDraft, mapping: Mapping, options: ConvertOptions): void {
  const columns = [...d.mapping.columns].sort((a, b) => Number(a.type.type === 'dose') - Number(b.type.type === 'dose'));
  for (const c of columns) {
    d.columnOf.set(c.field, c);
    const value = convertCell(d, c, mapping, options);
    if (value !== null) d.values.set(c.field, value);
  }
}

function convertCell(d: RowDraft, c: ColumnMapping, mapping: Mapping, options: ConvertOptions): FieldValue | null {
  let raw = (d.cells[c.column] ?? '').trim();
  let mapped: string | null | undefined;
  if (c.type.type === 'code' && raw !== '') {
    mapped = c.values.get(normalizeLocal(raw));
    if (mapped === null) raw = '';
  }
  const escalate = c.required === 'error';
  const fail = (check: CheckName, note?: string): null => {
    addFinding(d, check, severityOf(mapping, check, escalate), c.column, note);
    return null;
  };
  const warn = (check: CheckName, note?: string): void => addFinding(d, check, severityOf(mapping, check), c.column, note);
  if (raw === '') {
    if (c.required !== null) addFinding(d, 'completeness.required_field', c.required, c.column);
    return null;
  }
  const t = c.type;
  switch (t.type) {
    case 'text':
      return { type: 'text', text: raw };
    case 'integer':
      return /^[+-]?\d+$/.test(raw) ? { type: 'number', number: Number(raw) } : fail('validity.number_unparseable');
    case 'uid':
      if (!/^\d+(\.\d+)*$/.test(raw) || raw.length > 64) return fail('conformance.value_set', 'not a DICOM UID');
      return { type: 'uid', uid: options.uidOf!(raw) };
    case 'date': {
      const r = parseClinicalDate(raw, c.dateFormat!);
      if (!r.ok) return fail('validity.date_unparseable', r.reason === 'no_century' ? 'two-digit year and no two_digit_year_pivot in the mapping' : undefined);
      if (r.twoDigitYear) warn('validity.two_digit_year');
      return { type: 'date', date: r.date };
    }
    case 'code': {
      const found: Lookup = mapped !== undefined && mapped !== null
        ? { ok: true, coded: conceptByKey(t.valueSet, mapped)!, repaired: false }
        : lookupValue(t.valueSet, raw);
      if (!found.ok) return fail('conformance.value_set', `not in value set ${t.valueSet}`);
      if (found.repaired) warn('conformance.code_format', `normalised to the standard ${t.valueSet} form`);
      if (found.coded.codings.length === 0) warn('conformance.unmapped_code', `no standard code known for this ${t.valueSet} value`);
      if (found.coded.value === 'unknown' && c.required !== null) warn('completeness.unknown_value');
      if (t.valueSet === 'icd10' && conditionConcept(found.coded.value) === null) warn('conformance.unmapped_code', 'no SNOMED CT or EUCAIM condition known for this ICD-10 category');
      return { type: 'code', coded: found.coded, prefix: found.prefix ?? null };
    }
    case 'quantity':
      return quantity(d, c, raw, t.dimension, fail, warn);
    case 'dose':
      return dose(d, c, raw, fail, warn);
  }
}

type Fail = (check: CheckName, note?: string) => null;
type Warn = (check: CheckName, note?: string) => void;

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function quantity(d: RowDraft, c: ColumnMapping, raw: string, dimension: Dimension, fail: Fail, warn: Warn): FieldValue | null {
  const unitCheck: CheckName = dimension === 'age' ? 'plausibility.age_unit' : 'plausibility.unit';
  const rangeCheck: CheckName = dimension === 'age' ? 'plausibility.age_range' : 'plausibility.value_range';
  const q = readQuantity(raw, dimension, c.unit ?? undefined, c.unitColumn ? d.cells[c.unitColumn] : undefined);
  if (!q.ok) {
    if (q.reason === 'unparseable') return fail('validity.number_unparseable');
    return fail(unitCheck, q.reason === 'no_unit' ? 'no unit written and none declared for the column' : 'unit not recognised');
  }
  if (q.offUnit) warn(unitCheck, `converted from ${q.from}`);
  const [min, max] = PLAUSIBLE_RANGE[dimension];
  if (q.value < min || q.value > max) return fail(rangeCheck, `outside ${min}-${max} ${dimension === 'age' ? 'years' : dimension === 'length' ? 'mm' : 'Gy'}`);
  // Age at diagnosis is in completed years with one decimal (EUCAIM minimum metadata).
  const value = dimension === 'age' ? Math.floor(q.value * 10 + 1e-9) / 10 : round(q.value, 2);
  return { type: 'number', number: value };
}

function dose(d: RowDraft, c: ColumnMapping, raw: string, fail: Fail, warn: Warn): FieldValue | null {
  const type = codeOf(d, 'treatment_type')?.value;
  const subtype = type === undefined ? undefined : TREATMENT_SUBTYPE[type as keyof typeof TREATMENT_SUBTYPE];
  if (subtype === 'radiotherapy') {
    const q = readQuantity(raw, 'radiation_dose', c.unit ?? undefined, c.unitColumn ? d.cells[c.unitColumn] : undefined);
    if (!q.ok) return q.reason === 'unparseable' ? fail('validity.number_unparseable') : fail('plausibility.unit', 'radiotherapy dose not in Gy or cGy');
    if (q.offUnit) warn('plausibility.unit', `converted from ${q.from}`);
    const [min, max] = PLAUSIBLE_RANGE.radiation_dose;
    if (q.value < min || q.value > max) return fail('plausibility.value_range', `outside ${min}-${max} Gy`);
    return { type: 'number', number: round(q.value, 2) };
  }
  if (subtype === 'medication_administration') {
    const split = splitQuantity(raw);
    if (!split) return fail('validity.number_unparseable');
    const unit = drugUnit(split.unit !== '' ? split.unit : (c.unitColumn ? d.cells[c.unitColumn] ?? '' : ''));
    if (unit === null) return fail('plausibility.unit', 'drug dose unit not recognised');
    return { type: 'drug_dose', number: split.value, unit };
  }
  return fail('plausibility.unit', 'a dose on a row that is neither radiotherapy nor a drug treatment is not kept');
}
