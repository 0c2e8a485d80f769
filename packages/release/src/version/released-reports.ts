/**
 * The reports a version carries, made safe to leave the node: counts only. The node's own clinical QC report
 * names examples by pseudonym, table and row number of the hospital's export (so a steward can fix the row),
 * and counts the patients who withdrew consent by pseudonym-bearing examples; released, each would point back
 * into the hospital (a row number is a line of its export, a pseudonym of an excluded patient is a patient who
 * is not in the data). The released QC report keeps the figures a researcher needs to judge quality.
 */
import type { ClinicalStageReport } from '@oncoatlas/pipeline';

export interface ReleasedQcReport {
  readonly rows: ClinicalStageReport['qc']['rows'];
  /** Per source table, by the order of the mapping (its name is the hospital's file name: not released). */
  readonly tables: readonly { readonly rows: number; readonly kept: number; readonly merged: number; readonly excluded: number }[];
  readonly patients: ClinicalStageReport['qc']['patients'];
  readonly linkageChecked: boolean;
  readonly checks: readonly { readonly check: string; readonly description: string; readonly errors: number; readonly warnings: number; readonly patients: number }[];
}

export function releasedQcReport(report: ClinicalStageReport): ReleasedQcReport {
  const qc = report.qc;
  return {
    rows: qc.rows,
    tables: qc.tables.map((t) => ({ rows: t.rows, kept: t.kept, merged: t.merged, excluded: t.excluded })),
    patients: qc.patients,
    linkageChecked: qc.linkageChecked,
    checks: qc.checks.map((c) => ({ check: c.check, description: c.description, errors: c.errors, warnings: c.warnings, patients: c.patients })),
  };
}
