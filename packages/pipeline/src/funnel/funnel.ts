/**
 * The funnel a hospital reports: every study identified, where it ended and why — identified -> integrated,
 * with each rejection grouped by reason, summing exactly to the number identified (the reference hospital's
 * 12,484 -> 10,892). Pure: built from ledger rows; study keys only, never UIDs.
 */
export type StudyState = 'integrated' | 'rejected' | 'review' | 'pending';

export interface FunnelStudy {
  readonly study: string;
  readonly state: StudyState;
  readonly reason: string | null;
}

/** The clinical records' own funnel: source rows read -> kept / merged / excluded by QC check. */
export interface ClinicalFunnel {
  readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
  readonly patients: { readonly total: number; readonly excluded: number };
  /** Excluded rows and patients by the QC checks that excluded them ('+' joins several). */
  readonly excludedRows: Readonly<Record<string, number>>;
  readonly excludedPatients: Readonly<Record<string, number>>;
  /** CDM records in the extract per table. */
  readonly records: Readonly<Record<string, number>>;
}

export interface FunnelReport {
  readonly identified: number;
  readonly integrated: number;
  readonly rejected: Record<string, number>;
  readonly review: number;
  /** Studies a run has not finished yet (a resumed run completes them). */
  readonly pending: number;
  readonly studies: readonly FunnelStudy[];
  /** Present once a run has harmonised clinical data. */
  readonly clinical?: ClinicalFunnel;
}

export function buildFunnel(studies: Iterable<FunnelStudy>, clinical?: ClinicalFunnel): FunnelReport {
  const list = [...studies].sort((a, b) => (a.study < b.study ? -1 : a.study > b.study ? 1 : 0));
  const rejected: Record<string, number> = {};
  let integrated = 0, review = 0, pending = 0;
  for (const s of list) {
    if (s.state === 'integrated') integrated++;
    else if (s.state === 'review') review++;
    else if (s.state === 'pending') pending++;
    else {
      const reason = s.reason ?? 'unknown';
      rejected[reason] = (rejected[reason] ?? 0) + 1;
    }
  }
  const sorted = Object.fromEntries(Object.entries(rejected).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  return { identified: list.length, integrated, rejected: sorted, review, pending, studies: list, ...(clinical ? { clinical } : {}) };
}

/** The funnel as a steward reads it in a terminal. */
export function funnelLines(f: FunnelReport): string[] {
  const pct = (n: number): string => (f.identified === 0 ? '0' : ((100 * n) / f.identified).toFixed(1));
  const lines = [
    `${f.identified.toLocaleString('en-GB')} studies identified`,
    `  integrated: ${f.integrated.toLocaleString('en-GB')} (${pct(f.integrated)} %)`,
  ];
  const rejectedTotal = Object.values(f.rejected).reduce((a, b) => a + b, 0);
  lines.push(`  rejected: ${rejectedTotal.toLocaleString('en-GB')} (${pct(rejectedTotal)} %)`);
  for (const [reason, n] of Object.entries(f.rejected)) lines.push(`    ${reason}: ${n.toLocaleString('en-GB')}`);
  if (f.review) lines.push(`  held for review: ${f.review.toLocaleString('en-GB')} (oncoatlas review list)`);
  if (f.pending) lines.push(`  not finished: ${f.pending.toLocaleString('en-GB')} (run populate again to finish them)`);
  const c = f.clinical;
  if (c) {
    const n = (x: number): string => x.toLocaleString('en-GB');
    lines.push(`${n(c.rows.total)} clinical rows read (${n(c.patients.total)} patients)`);
    lines.push(`  kept: ${n(c.rows.kept)}, merged duplicates: ${n(c.rows.merged)}, excluded: ${n(c.rows.excluded)}`);
    for (const [reason, count] of Object.entries(c.excludedRows)) lines.push(`    ${reason}: ${n(count)}`);
    if (c.patients.excluded) lines.push(`  patients excluded: ${n(c.patients.excluded)} (${Object.entries(c.excludedPatients).map(([r, x]) => `${r}: ${n(x)}`).join(', ')})`);
  }
  return lines;
}
