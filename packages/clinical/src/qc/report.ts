/**
 * The QC report of a transform: per check, how many findings of each severity, how many patients, and a few
 * examples a steward can look up (pseudonym, table, row number, column: never a value). Safe to show, log or
 * hand to the catalogue's quality annotation.
 */
import type { CdmResult } from '../transform/transform.ts';
import { QC_CHECKS, type CheckName, type Finding } from './checks.ts';

export interface QcExample {
  readonly patient: string | null;
  readonly table: string | null;
  readonly row: number | null;
  readonly column: string | null;
}

export interface QcCheckSummary {
  readonly check: CheckName;
  readonly description: string;
  readonly errors: number;
  readonly warnings: number;
  /** Distinct patients with a finding of this check. */
  readonly patients: number;
  readonly examples: readonly QcExample[];
}

export interface QcReport {
  readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
  readonly tables: readonly { readonly table: string; readonly rows: number; readonly kept: number; readonly merged: number; readonly excluded: number }[];
  readonly patients: { readonly total: number; readonly excluded: number };
  /** False when no image patient list was given: the linkage checks did not run. */
  readonly linkageChecked: boolean;
  /** Every check that found something, by name. */
  readonly checks: readonly QcCheckSummary[];
}

export interface QcReportOptions {
  /** Examples per check (default 5). */
  readonly maxExamples?: number;
}

export function qcReport(result: CdmResult, options: QcReportOptions = {}): QcReport {
  const maxExamples = options.maxExamples ?? 5;
  const byCheck = new Map<CheckName, Finding[]>();
  for (const f of result.findings) {
    const list = byCheck.get(f.check);
    if (list) list.push(f);
    else byCheck.set(f.check, [f]);
  }
  const checks = [...byCheck].sort(([a], [b]) => a.localeCompare(b)).map(([check, findings]): QcCheckSummary => ({
    check,
    description: QC_CHECKS[check].description,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    patients: new Set(findings.map((f) => f.patient).filter((p) => p !== null)).size,
    examples: findings.slice(0, maxExamples).map((f) => ({ patient: f.patient, table: f.table, row: f.row, column: f.column })),
  }));
  const count = (status: string, table?: string): number => result.outcomes.filter((o) => o.status === status && (table === undefined || o.table === table)).length;
  const tableNames = [...new Set(result.outcomes.map((o) => o.table))];
  const patients = new Set([...result.outcomes.map((o) => o.patient), ...result.findings.map((f) => f.patient)].filter((p) => p !== null));
  return {
    rows: { total: result.outcomes.length, kept: count('kept'), merged: count('merged'), excluded: count('excluded') },
    tables: tableNames.map((table) => ({ table, rows: result.outcomes.filter((o) => o.table === table).length, kept: count('kept', table), merged: count('merged', table), excluded: count('excluded', table) })),
    patients: { total: patients.size, excluded: result.excludedPatients.length },
    linkageChecked: result.linkageChecked,
    checks,
  };
}

/** The report as text for a terminal or a log. */
export function formatQcReport(report: QcReport): string {
  const lines = [
    `Clinical QC: ${report.rows.total} rows, ${report.rows.kept} kept, ${report.rows.merged} merged duplicates, ${report.rows.excluded} excluded; ${report.patients.total} patients, ${report.patients.excluded} excluded.`,
  ];
  for (const t of report.tables) lines.push(`  ${t.table}: ${t.rows} rows, ${t.kept} kept, ${t.merged} merged, ${t.excluded} excluded`);
  if (!report.linkageChecked) lines.push('  linkage with images not checked (no list of patients with images given)');
  for (const c of report.checks) {
    const counts = [c.errors > 0 ? `${c.errors} error${c.errors === 1 ? '' : 's'}` : '', c.warnings > 0 ? `${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    lines.push(`${c.check}: ${counts} (${c.patients} patient${c.patients === 1 ? '' : 's'}) — ${c.description}`);
    for (const e of c.examples) {
      const at = e.table === null ? '' : ` ${e.table}${e.row === null ? '' : ` row ${e.row}`}${e.column === null ? '' : `, column ${e.column}`}`;
      lines.push(`    e.g. ${e.patient ?? '(no patient ID)'}${at}`);
    }
  }
  return lines.join('\n');
}
