/**
 * Parses and validates a mapping file (YAML or JSON). Every problem is collected with its line, so a data
 * steward fixes the file in one pass: `mapping.yaml:14: tables.patients.columns.Sexo: unknown CDM field
 * "gendr" (did you mean "gender"?)`.
 */
import { oncoError } from '@oncoatlas/core';
import type { DateFormat } from '../dates.ts';
import { CHECK_NAMES, FIXED_SEVERITY, type CheckName, type Severity } from '../qc/checks.ts';
import { resolveUnit, unitsOf } from '../quantities.ts';
import { conceptByKey, isEnumerated, normalizeLocal, valueSetKeys } from '../value-sets.ts';
import { ENTITIES, entitiesWithField, fieldsOf, ONE_ROW_PER_PATIENT, type FieldType, type MappableEntity } from './fields.ts';
import { formatProblem, type ColumnMapping, type ConsentMapping, type Mapping, type MappingProblem, type TableMapping } from './mapping.ts';
import { didYouMean } from './suggest.ts';
import { YamlReader, type Path } from './yaml-reader.ts';

const TOP_KEYS = ['version', 'dates', 'qc', 'tables'];
const DATE_KEYS = ['day_first', 'two_digit_year_pivot'];
const TABLE_KEYS = ['source', 'entity', 'patient_key', 'optional', 'one_row_per_patient', 'consent', 'columns'];
const COLUMN_KEYS = ['field', 'required', 'values', 'unit', 'unit_column', 'day_first', 'two_digit_year_pivot', 'basis'];

interface DateDefaults {
  dayFirst?: boolean;
  twoDigitYearPivot?: number;
}

export interface MappingValidation {
  /** Null when there was any problem. */
  readonly mapping: Mapping | null;
  readonly problems: readonly MappingProblem[];
}

/** Validates without throwing: every problem, with its line. */
export function validateMapping(text: string, file = 'mapping.yaml'): MappingValidation {
  const r = new YamlReader(text);
  if (r.root === null) return { mapping: null, problems: r.problems };
  const top = r.entries(r.root, [], TOP_KEYS);
  if (!top) return { mapping: null, problems: r.problems };
  const get = (k: string) => top.find((e) => e.key === k);

  const version = get('version');
  if (!version) r.report(r.root, ['version'], 'is required (version: 1)');
  else if (!r.isOne(version.value)) r.report(version.value ?? version.keyNode, ['version'], 'must be 1, the only mapping format this version reads');

  const dates: DateDefaults = {};
  const datesEntry = get('dates');
  if (datesEntry) {
    for (const e of r.entries(datesEntry.value, ['dates'], DATE_KEYS) ?? []) readDateOption(r, e.key, e.value, e.keyNode, ['dates', e.key], dates);
  }

  const severity = readSeverity(r, get('qc'));
  const tables: TableMapping[] = [];
  const tablesEntry = get('tables');
  if (!tablesEntry) r.report(r.root, ['tables'], 'is required: which source table feeds which CDM entity');
  else {
    const entries = r.entries(tablesEntry.value, ['tables']);
    if (entries && entries.length === 0) r.report(tablesEntry.keyNode, ['tables'], 'must list at least one table');
    for (const e of entries ?? []) {
      const t = readTable(r, e.key, e.value, e.keyNode, dates);
      if (t) tables.push(t);
    }
  }
  if (r.problems.length > 0) return { mapping: null, problems: r.problems };
  return { mapping: { file, version: 1, severity, tables }, problems: [] };
}

/** Parses a mapping file; throws CLINICAL_MAPPING_INVALID listing every problem, one per line. */
export function parseMapping(text: string, file = 'mapping.yaml'): Mapping {
  const { mapping, problems } = validateMapping(text, file);
  if (mapping) return mapping;
  const lines = problems.map((p) => formatProblem(file, p));
  throw oncoError('CLINICAL_MAPPING_INVALID', `${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
    { file, line: problems[0]!.line, problems: problems.length });
}

function readDateOption(r: YamlReader, key: string, value: unknown, at: unknown, path: Path, into: DateDefaults): void {
  if (key === 'day_first') {
    const b = r.boolean(value, at, path);
    if (b !== null) into.dayFirst = b;
  } else {
    const n = r.integer(value, at, path, 0, 99);
    if (n !== null) into.twoDigitYearPivot = n;
  }
}

function readSeverity(r: YamlReader, qc: { value: unknown } | undefined): Partial<Record<CheckName, Severity>> {
  const out: Partial<Record<CheckName, Severity>> = {};
  if (!qc) return out;
  for (const e of r.entries(qc.value, ['qc'], ['severity']) ?? []) {
    for (const s of r.entries(e.value, ['qc', 'severity']) ?? []) {
      const path = ['qc', 'severity', s.key];
      if (!(CHECK_NAMES as readonly string[]).includes(s.key)) {
        r.report(s.keyNode, path, `unknown check "${s.key}"${didYouMean(s.key, CHECK_NAMES)}`);
        continue;
      }
      const level = r.text(s.value, s.keyNode, path);
      if (level !== 'error' && level !== 'warning') {
        if (level !== null) r.report(s.value, path, 'must be error or warning');
      } else if (FIXED_SEVERITY.has(s.key as CheckName) && level === 'warning') {
        r.report(s.value, path, 'cannot be lowered: rows of a patient who withdrew consent are never released');
      } else out[s.key as CheckName] = level;
    }
  }
  return out;
}

function readTable(r: YamlReader, id: string, node: unknown, at: unknown, dates: DateDefaults): TableMapping | null {
  const base = ['tables', id];
  const entries = r.entries(node ?? at, base, TABLE_KEYS);
  if (!entries) return null;
  const get = (k: string) => entries.find((e) => e.key === k);
  const need = (k: string, what: string): { value: unknown; keyNode: unknown } | null => {
    const e = get(k);
    if (!e) r.report(node, [...base, k], `is required: ${what}`);
    return e ?? null;
  };
  const sourceEntry = need('source', 'the source table name (file name, or file#sheet for a workbook)');
  const source = sourceEntry ? r.text(sourceEntry.value, sourceEntry.keyNode, [...base, 'source']) : null;
  const entityEntry = need('entity', `the CDM entity the table feeds (${ENTITIES.join(', ')})`);
  let entity: MappableEntity | null = null;
  if (entityEntry) {
    const name = r.text(entityEntry.value, entityEntry.keyNode, [...base, 'entity']);
    if (name !== null && (ENTITIES as readonly string[]).includes(name)) entity = name as MappableEntity;
    else if (name !== null) r.report(entityEntry.value, [...base, 'entity'], `unknown CDM entity "${name}"${didYouMean(name, ENTITIES)}; expected one of ${ENTITIES.join(', ')}`);
  }
  const keyEntry = need('patient_key', 'the column holding the hospital patient ID');
  const keyColumn = keyEntry ? r.text(keyEntry.value, keyEntry.keyNode, [...base, 'patient_key']) : null;
  const optionalEntry = get('optional');
  const optional = optionalEntry ? r.boolean(optionalEntry.value, optionalEntry.keyNode, [...base, 'optional']) ?? false : false;
  const oneEntry = get('one_row_per_patient');
  const onePerPatient = oneEntry ? r.boolean(oneEntry.value, oneEntry.keyNode, [...base, 'one_row_per_patient']) ?? false : entity !== null && ONE_ROW_PER_PATIENT.has(entity);

  let consent: ConsentMapping | null = null;
  const consentEntry = get('consent');
  if (consentEntry) {
    if (entity !== null && entity !== 'patient') r.report(consentEntry.keyNode, [...base, 'consent'], 'belongs on the table that feeds the patient entity');
    consent = readConsent(r, consentEntry.value, consentEntry.keyNode, [...base, 'consent']);
  }

  const columns: ColumnMapping[] = [];
  const columnsEntry = need('columns', 'which column feeds which CDM field');
  if (columnsEntry) {
    const list = r.entries(columnsEntry.value ?? columnsEntry.keyNode, [...base, 'columns']);
    if (list && list.length === 0) r.report(columnsEntry.keyNode, [...base, 'columns'], 'must map at least one column');
    const fedBy = new Map<string, ColumnMapping>();
    for (const e of list ?? []) {
      if (entity === null) continue;
      const c = readColumn(r, entity, e.key, e.value, e.keyNode, [...base, 'columns', e.key], dates);
      if (!c) continue;
      const earlier = fedBy.get(c.field);
      if (earlier) r.report(e.keyNode, [...base, 'columns', e.key], `field "${c.field}" is already fed by column "${earlier.column}" (line ${earlier.line})`);
      else { fedBy.set(c.field, c); columns.push(c); }
    }
  }
  if (source === null || entity === null || keyColumn === null) return null;
  return { id, line: r.line(at), source, sourceLine: r.line(sourceEntry!.value), optional, entity, patientKey: { column: keyColumn, line: r.line(keyEntry!.value) }, onePerPatient, consent, columns };
}

function readConsent(r: YamlReader, node: unknown, at: unknown, path: Path): ConsentMapping | null {
  const entries = r.entries(node ?? at, path, ['column', 'withdrawn']);
  if (!entries) return null;
  const column = entries.find((e) => e.key === 'column');
  const withdrawn = entries.find((e) => e.key === 'withdrawn');
  if (!column) r.report(node, [...path, 'column'], 'is required: the column recording consent');
  if (!withdrawn) r.report(node, [...path, 'withdrawn'], 'is required: the values meaning consent was withdrawn');
  const name = column ? r.text(column.value, column.keyNode, [...path, 'column']) : null;
  const values = withdrawn ? r.texts(withdrawn.value, withdrawn.keyNode, [...path, 'withdrawn']) : null;
  if (name === null || values === null) return null;
  return { column: name, line: r.line(column!.value), withdrawn: new Set(values.map(normalizeLocal)) };
}

const FIELD_OPTIONS: Record<string, (t: FieldType) => boolean> = {
  values: (t) => t.type === 'code',
  unit: (t) => t.type === 'quantity' || t.type === 'dose',
  unit_column: (t) => t.type === 'quantity' || t.type === 'dose',
  day_first: (t) => t.type === 'date',
  two_digit_year_pivot: (t) => t.type === 'date',
  basis: (t) => t.type === 'code' && t.valueSet.startsWith('tnm_'),
};

function readColumn(r: YamlReader, entity: MappableEntity, column: string, node: unknown, at: unknown, path: Path, dates: DateDefaults): ColumnMapping | null {
  const fields = fieldsOf(entity);
  const shorthand = r.isScalarText(node);
  const entries = shorthand ? [] : r.entries(node ?? at, path, COLUMN_KEYS);
  if (!entries) return null;
  const fieldNode = shorthand ? node : entries.find((e) => e.key === 'field')?.value;
  if (!shorthand && !entries.some((e) => e.key === 'field')) {
    r.report(node, [...path, 'field'], 'is required: the CDM field this column feeds');
    return null;
  }
  const field = r.text(fieldNode, at, path);
  if (field === null) return null;
  if (!Object.hasOwn(fields, field)) {
    const elsewhere = entitiesWithField(field, entity);
    const hint = elsewhere.length > 0 ? ` (it is a field of ${elsewhere.join(', ')}; this table feeds ${entity})` : didYouMean(field, Object.keys(fields));
    r.report(fieldNode, path, `unknown CDM field "${field}"${hint}`);
    return null;
  }
  const type = fields[field]!;
  const c = { column, line: r.line(at), field, type, required: null as Severity | null, values: new Map<string, string | null>(), unit: null as string | null, unitColumn: null as string | null, basis: null as 'c' | 'p' | null };
  const dateOptions: DateDefaults = {};
  for (const e of entries) {
    const p = [...path, e.key];
    if (e.key === 'field') continue;
    if (FIELD_OPTIONS[e.key] && !FIELD_OPTIONS[e.key]!(type)) {
      r.report(e.keyNode, p, `does not apply to field "${field}" (${type.type === 'code' ? `value set ${type.valueSet}` : type.type})`);
      continue;
    }
    if (e.key === 'required') c.required = readRequired(r, e.value, e.keyNode, p);
    else if (e.key === 'values' && type.type === 'code') readValues(r, type.valueSet, e.value, e.keyNode, p, c.values);
    else if (e.key === 'unit') c.unit = readUnit(r, type, e.value, e.keyNode, p);
    else if (e.key === 'unit_column') c.unitColumn = r.text(e.value, e.keyNode, p);
    else if (e.key === 'basis') {
      const b = r.text(e.value, e.keyNode, p);
      if (b === 'clinical' || b === 'pathological') c.basis = b === 'clinical' ? 'c' : 'p';
      else if (b !== null) r.report(e.value, p, 'must be clinical or pathological');
    } else readDateOption(r, e.key, e.value, e.keyNode, p, dateOptions);
  }
  let dateFormat: DateFormat | null = null;
  if (type.type === 'date') {
    const dayFirst = dateOptions.dayFirst ?? dates.dayFirst;
    const pivot = dateOptions.twoDigitYearPivot ?? dates.twoDigitYearPivot;
    if (dayFirst === undefined) r.report(at, path, 'a date column needs day_first (here or under dates:): is 05/06/2020 the 5th of June?');
    else dateFormat = pivot === undefined ? { dayFirst } : { dayFirst, twoDigitYearPivot: pivot };
  }
  return { ...c, dateFormat };
}

function readRequired(r: YamlReader, node: unknown, at: unknown, path: Path): Severity | null {
  if (r.isScalarText(node)) {
    const t = r.text(node, at, path);
    if (t === 'error' || t === 'warning') return t;
    r.report(node, path, 'must be true, false, error or warning');
    return null;
  }
  const b = r.boolean(node, at, path);
  return b ? 'error' : null;
}

function readValues(r: YamlReader, set: string, node: unknown, at: unknown, path: Path, into: Map<string, string | null>): void {
  const valueSet = set as Parameters<typeof conceptByKey>[0];
  const keys = isEnumerated(valueSet) ? valueSetKeys(valueSet) : null;
  for (const e of r.entries(node ?? at, path) ?? []) {
    const p = [...path, e.key];
    let target: string | null = null;
    if (!r.isNull(e.value)) {
      target = r.text(e.value, e.keyNode, p);
      if (target === null) continue;
      if (conceptByKey(valueSet, target) === null) {
        const expected = keys ? `; expected one of ${keys.join(', ')}, or null for "no value"` : ` written in standard form, or null for "no value"`;
        r.report(e.value, p, `"${target}" is not in value set ${set}${keys ? didYouMean(target, keys) : ''}${expected}`);
        continue;
      }
    }
    const local = normalizeLocal(e.key);
    if (into.has(local) && into.get(local) !== target) r.report(e.keyNode, p, 'reads the same as another local value here (case and accents are ignored) but maps elsewhere');
    into.set(local, target);
  }
}

function readUnit(r: YamlReader, type: FieldType, node: unknown, at: unknown, path: Path): string | null {
  const written = r.text(node, at, path);
  if (written === null) return null;
  const dimension = type.type === 'quantity' ? type.dimension : 'radiation_dose';
  const unit = resolveUnit(dimension, written);
  if (!unit) r.report(node, path, `unknown unit "${written}"${didYouMean(written, unitsOf(dimension))}; expected one of ${unitsOf(dimension).join(', ')}`);
  return unit?.unit ?? null;
}
