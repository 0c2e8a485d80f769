/**
 * `transformToCdm`: parsed clinical tables + a mapping → EUCAIM CDM records, one outcome per source row,
 * and every QC finding. Pure: no I/O, no clock; the caller supplies the pseudonyms, the date policy and,
 * for linkage, which patients have images.
 */
import { oncoError } from '@oncoatlas/core';
import type { CdmRecords } from '../cdm.ts';
import type { Mapping, TableMapping } from '../mapping/mapping.ts';
import { formatPath } from '../mapping/yaml-reader.ts';
import type { CheckName, Finding } from '../qc/checks.ts';
import { normalizeLocal } from '../value-sets.ts';
import { convertRow } from './convert.ts';
import { checkAgeAgainstDates, checkConflictingDuplicates, checkDateOrder, checkLinkage, checkOrphans } from './cross-checks.ts';
import { addFinding, severityOf, type RowDraft, type RowStatus } from './draft.ts';
import { buildRecords, type DatePolicy } from './records.ts';

/** The shape the clinical readers produce (`ClinicalTable` of @oncoatlas/sources), reduced to what we read. */
export interface SourceTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

export interface TransformOptions {
  /** The patient's pseudonym (the key of every record); called with the trimmed hospital ID. */
  readonly pseudonymOf: (patientId: string) => string;
  readonly datePolicy: DatePolicy;
  /** Hospital IDs of the patients that have images. Linkage checks run only when this is given. */
  readonly imagedPatientIds?: Iterable<string>;
  /** The de-identified UID for a hospital DICOM UID; required when the mapping feeds image_study/image_series. */
  readonly uidOf?: (uid: string) => string;
  readonly datasetId?: string;
}

export interface RowOutcome {
  /** Source table name, as in findings. */
  readonly table: string;
  /** The key of the table under `tables:` in the mapping. */
  readonly mappingTable: string;
  readonly row: number;
  readonly patient: string | null;
  readonly status: RowStatus;
  /** For excluded rows, the checks that excluded them (their own or their patient's); `uniqueness.duplicate_row` for merged ones. */
  readonly reasons: readonly CheckName[];
  /** For merged rows: the row they repeat. */
  readonly mergedInto: number | null;
  /** IDs of the CDM records made from the row. */
  readonly records: readonly string[];
}

export interface CdmResult {
  readonly records: CdmRecords;
  readonly outcomes: readonly RowOutcome[];
  readonly findings: readonly Finding[];
  readonly linkageChecked: boolean;
  /** Patients none of whose records are released, and why. */
  readonly excludedPatients: readonly { readonly patient: string; readonly reasons: readonly CheckName[] }[];
}

export function transformToCdm(tables: readonly SourceTable[], mapping: Mapping, options: TransformOptions): CdmResult {
  const bound = bindTables(tables, mapping, options);
  const drafts: RowDraft[] = [];
  for (const { table, source } of bound) drafts.push(...readTable(table, source, mapping, options));

  checkConflictingDuplicates(drafts, mapping);
  checkOrphans(drafts, mapping);
  checkDateOrder(drafts, mapping);
  checkAgeAgainstDates(drafts, mapping);
  const imaged = options.imagedPatientIds === undefined ? null
    : new Set([...options.imagedPatientIds].map((id) => id.trim()).filter((id) => id !== '').map(options.pseudonymOf));
  const patientFindings = imaged === null ? [] : checkLinkage(drafts, mapping, imaged);

  for (const d of drafts) {
    if (d.status === 'merged') continue;
    const errors = d.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) { d.status = 'excluded'; for (const f of errors) d.reasons.add(f.check); }
  }
  const excludedPatients = excludePatients(drafts);

  const kept = drafts.filter((d) => d.status === 'kept');
  const { records, produced } = buildRecords(kept, { datePolicy: options.datePolicy, datasetId: options.datasetId ?? null });
  return {
    records,
    outcomes: drafts.map((d) => ({
      table: d.table, mappingTable: d.mapping.id, row: d.row, patient: d.pseudonym, status: d.status,
      reasons: [...d.reasons].sort(), mergedInto: d.mergedInto, records: produced.get(d) ?? [],
    })),
    findings: [...drafts.flatMap((d) => d.findings), ...patientFindings],
    linkageChecked: imaged !== null,
    excludedPatients,
  };
}

/**
 * Finds each mapped table among the inputs and checks it has every mapped column; all problems at once, as
 * CLINICAL_MAPPING_MISMATCH (the mapping itself is valid: parseMapping checked it).
 */
function bindTables(tables: readonly SourceTable[], mapping: Mapping, options: TransformOptions): { table: TableMapping; source: SourceTable }[] {
  const problems: string[] = [];
  const bound: { table: TableMapping; source: SourceTable }[] = [];
  for (const t of mapping.tables) {
    const source = tables.find((s) => s.name === t.source);
    if (!source) {
      if (!t.optional) problems.push(`${mapping.file}:${t.sourceLine}: ${formatPath(['tables', t.id, 'source'])}: no table named "${t.source}" among the ${tables.length} given (add optional: true if it may be absent)`);
      continue;
    }
    const has = new Set(source.columns);
    const need = (column: string, line: number, path: string[]): void => {
      // Only the mapping's own column name is shown: a header-less file's "header" would be a patient's row.
      if (!has.has(column)) problems.push(`${mapping.file}:${line}: ${formatPath(path)}: table "${t.source}" has no column "${column}"`);
    };
    need(t.patientKey.column, t.patientKey.line, ['tables', t.id, 'patient_key']);
    if (t.consent) need(t.consent.column, t.consent.line, ['tables', t.id, 'consent', 'column']);
    for (const c of t.columns) {
      need(c.column, c.line, ['tables', t.id, 'columns', c.column]);
      if (c.unitColumn !== null) need(c.unitColumn, c.line, ['tables', t.id, 'columns', c.column, 'unit_column']);
    }
    if ((t.entity === 'image_study' || t.entity === 'image_series') && !options.uidOf) {
      throw oncoError('USAGE', `The mapping feeds ${t.entity} (table "${t.id}"): pass uidOf so DICOM UIDs are replaced by their de-identified ones.`, { table: t.id });
    }
    bound.push({ table: t, source });
  }
  if (problems.length > 0) {
    throw oncoError('CLINICAL_MAPPING_MISMATCH', `The mapping does not fit the clinical tables:\n${problems.join('\n')}`, { file: mapping.file, problems: problems.length });
  }
  return bound;
}

function readTable(table: TableMapping, source: SourceTable, mapping: Mapping, options: TransformOptions): RowDraft[] {
  const seen = new Map<string, number>();
  return source.rows.map((cells, i) => {
    const key = (cells[table.patientKey.column] ?? '').trim();
    const d: RowDraft = {
      mapping: table, table: source.name, row: i + 1, key, pseudonym: key === '' ? null : options.pseudonymOf(key), cells,
      values: new Map(), columnOf: new Map(), findings: [], status: 'kept', reasons: new Set(), mergedInto: null,
    };
    const signature = JSON.stringify(source.columns.map((c) => (cells[c] ?? '').trim()));
    const first = seen.get(signature);
    if (first !== undefined) {
      // Not read again: its values, and so its findings, are those of the row it repeats.
      const severity = severityOf(mapping, 'uniqueness.duplicate_row');
      addFinding(d, 'uniqueness.duplicate_row', severity, null, `repeats row ${first}`);
      d.status = severity === 'error' ? 'excluded' : 'merged';
      d.reasons.add('uniqueness.duplicate_row');
      d.mergedInto = first;
      return d;
    }
    seen.set(signature, d.row);
    if (key === '') addFinding(d, 'completeness.required_field', 'error', table.patientKey.column, 'no patient ID');
    convertRow(d, mapping, options);
    if (table.consent && table.consent.withdrawn.has(normalizeLocal(cells[table.consent.column] ?? ''))) {
      addFinding(d, 'consent.withdrawn', 'error', table.consent.column);
    }
    return d;
  });
}

/**
 * A patient whose every patient-table row is excluded has no patient record, so none of their rows may be
 * released either: they are excluded with the patient's reasons (consent withdrawn reaches every table).
 */
function excludePatients(drafts: readonly RowDraft[]): { patient: string; reasons: CheckName[] }[] {
  const patientRows = new Map<string, RowDraft[]>();
  for (const d of drafts) {
    if (d.pseudonym === null || d.mapping.entity !== 'patient' || d.status === 'merged') continue;
    patientRows.set(d.pseudonym, [...patientRows.get(d.pseudonym) ?? [], d]);
  }
  const excluded = new Map<string, Set<CheckName>>();
  for (const [p, rows] of patientRows) {
    if (rows.some((d) => d.status === 'kept')) continue;
    excluded.set(p, new Set(rows.flatMap((d) => [...d.reasons])));
  }
  for (const d of drafts) {
    const reasons = d.pseudonym === null ? undefined : excluded.get(d.pseudonym);
    if (!reasons || d.status === 'merged') continue;
    d.status = 'excluded';
    for (const r of reasons) d.reasons.add(r);
  }
  return [...excluded].map(([patient, reasons]) => ({ patient, reasons: [...reasons].sort() })).sort((a, b) => a.patient.localeCompare(b.patient));
}
