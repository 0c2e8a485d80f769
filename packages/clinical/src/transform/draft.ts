/**
 * A source row on its way to CDM records: its patient, the fields read from it (dates still as read, before
 * the caller's date policy), what QC found, and what becomes of it.
 */
import type { Coded } from '../cdm.ts';
import type { ColumnMapping, Mapping, TableMapping } from '../mapping/mapping.ts';
import { QC_CHECKS, type CheckName, type Finding, type Severity } from '../qc/checks.ts';

export type FieldValue =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'date'; readonly date: string }
  | { readonly type: 'code'; readonly coded: Coded; readonly prefix: string | null }
  | { readonly type: 'number'; readonly number: number }
  | { readonly type: 'drug_dose'; readonly number: number; readonly unit: string }
  | { readonly type: 'uid'; readonly uid: string };

export type RowStatus = 'kept' | 'merged' | 'excluded';

export interface RowDraft {
  readonly mapping: TableMapping;
  /** The source table's name, as findings name it. */
  readonly table: string;
  /** 1 = the first row under the header. */
  readonly row: number;
  /** The hospital patient ID, trimmed; '' when missing. Never leaves this package. */
  readonly key: string;
  readonly pseudonym: string | null;
  readonly cells: Readonly<Record<string, string>>;
  readonly values: Map<string, FieldValue>;
  /** The column each field came from, for findings. */
  readonly columnOf: Map<string, ColumnMapping>;
  readonly findings: Finding[];
  status: RowStatus;
  /** Checks that excluded the row (or merged it). */
  readonly reasons: Set<CheckName>;
  mergedInto: number | null;
}

/** Severity of a check for this mapping; `escalate` makes a failure on a required field an error. */
export function severityOf(mapping: Mapping, check: CheckName, escalate = false): Severity {
  if (escalate) return 'error';
  return mapping.severity[check] ?? QC_CHECKS[check].severity;
}

export function addFinding(d: RowDraft, check: CheckName, severity: Severity, column: string | null, note?: string): void {
  d.findings.push({ check, severity, patient: d.pseudonym, table: d.table, row: d.row, column, ...(note === undefined ? {} : { note }) });
}

export function dateOf(d: RowDraft, field: string): string | null {
  const v = d.values.get(field);
  return v?.type === 'date' ? v.date : null;
}

export function codeOf(d: RowDraft, field: string): Coded | null {
  const v = d.values.get(field);
  return v?.type === 'code' ? v.coded : null;
}

export function numberOf(d: RowDraft, field: string): number | null {
  const v = d.values.get(field);
  return v?.type === 'number' ? v.number : null;
}

export function textOf(d: RowDraft, field: string): string | null {
  const v = d.values.get(field);
  return v?.type === 'text' ? v.text : null;
}
