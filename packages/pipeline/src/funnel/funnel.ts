/**
 * The funnel a hospital reports: every study identified, where it ended and why — identified -> integrated,
 * with each rejection grouped by reason, summing exactly to the number identified (the reference hospital's
 * 12,484 -> 10,892). Pure: built from ledger rows; study keys only, never UIDs.
 *
 * The one definition of the counts the CLI (populate, funnel), the API (GET /api/funnel) and the UI show
 * (docs/pipeline.md, "Counts"):
 * - identified: every study a file of the source names, readable or damaged (the inventory's `studies`);
 * - integrated: at least one instance released, whether or not others of it wait in review;
 * - rejected: nothing released and nothing waiting, by reason;
 * - review: nothing released yet, instances wait for a decision (an end state, part of the sum);
 * - pending: not finished by a run yet;
 * - held: studies with instances held for review that still wait for a decision, integrated ones included
 *   (not part of the sum: an integrated study with one held image is both integrated and held).
 * - burnedIn: instances, not studies, and not part of the sum: those OCR scanned (every image held for burned-in
 *   text, and under Clean Pixel Data the images of text-prone modalities the rules released),
 *   how many showed one of their own identifiers, and what became of them (redacted by the Clean Pixel Data
 *   option or by a reviewer, released as they were, rejected). An instance the option redacted is released,
 *   so its study counts as integrated and its image is no longer held.
 */
import type { WorkQueueCounts } from '@oncoatlas/store';

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

/** Instances held for review whose decision is still pending, and the studies they belong to. */
export interface HeldForReview {
  readonly studies: number;
  readonly instances: number;
}

/** Instances held for burned-in text: OCR scans and decisions (the ledger's pixel_scans and pixel_decisions). */
export interface BurnedInCounts {
  readonly scanned: number;
  readonly withIdentifiers: number;
  /** Scans that could not read the frame. */
  readonly failed: number;
  readonly redactedAutomatically: number;
  readonly redactedByReviewer: number;
  readonly releasedAsIs: number;
  readonly rejected: number;
}

export const NO_BURNED_IN: BurnedInCounts = { scanned: 0, withIdentifiers: 0, failed: 0, redactedAutomatically: 0, redactedByReviewer: 0, releasedAsIs: 0, rejected: 0 };

export interface FunnelReport {
  readonly identified: number;
  readonly integrated: number;
  readonly rejected: Record<string, number>;
  /** Studies with nothing released yet whose held instances wait for a decision. */
  readonly review: number;
  /** Studies a run has not finished yet (a resumed run completes them). */
  readonly pending: number;
  /** Held instances waiting for a decision, across integrated and review studies (not a share of identified). */
  readonly held: HeldForReview;
  readonly studies: readonly FunnelStudy[];
  /** Instances held for burned-in text, scanned and decided (not part of the sum). */
  readonly burnedIn: BurnedInCounts;
  /** Present once a run has harmonised clinical data. */
  readonly clinical?: ClinicalFunnel;
  /** The study queue's jobs of the newest distributed run (populate --distribute on PostgreSQL): waiting, running, dead. */
  readonly workQueue?: WorkQueueCounts;
}

export function buildFunnel(studies: Iterable<FunnelStudy>, held: HeldForReview = { studies: 0, instances: 0 }, clinical?: ClinicalFunnel, burnedIn: BurnedInCounts = NO_BURNED_IN, workQueue?: WorkQueueCounts): FunnelReport {
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
  return { identified: list.length, integrated, rejected: sorted, review, pending, held, studies: list, burnedIn, ...(clinical ? { clinical } : {}), ...(workQueue ? { workQueue } : {}) };
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
  if (f.review) lines.push(`  waiting in review, nothing released yet: ${f.review.toLocaleString('en-GB')} (${pct(f.review)} %)`);
  if (f.pending) lines.push(`  not finished: ${f.pending.toLocaleString('en-GB')} (run populate again to finish them)`);
  // Always said, 0 included: integrated studies may hold images too, and a steward must not read "none held" into silence.
  const h = f.held;
  const integratedHeld = Math.max(0, h.studies - f.review);
  lines.push(`held for review: ${h.instances.toLocaleString('en-GB')} images of ${h.studies.toLocaleString('en-GB')} studies wait for a decision`
    + (h.studies > 0 ? ` (${integratedHeld.toLocaleString('en-GB')} of them integrated with their other images; oncoatlas review list)` : ''));
  lines.push(...burnedInLines(f.burnedIn));
  const q = f.workQueue;
  if (q) {
    const n = (x: number): string => x.toLocaleString('en-GB');
    lines.push(`study queue of run ${q.run}: ${n(q.completed)} done, ${n(q.queued)} waiting for a worker, ${n(q.active)} running, ${n(q.retry)} to retry, ${n(q.dead)} failed to the dead-letter queue`);
  }
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

/** The burned-in text line(s); none before any image was scanned or decided (OCR not installed, nothing held). */
export function burnedInLines(b: BurnedInCounts): string[] {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const decided = b.redactedAutomatically + b.redactedByReviewer + b.releasedAsIs + b.rejected;
  if (b.scanned === 0 && decided === 0) return [];
  return [
    `burned-in text: ${n(b.scanned)} images scanned by OCR, ${n(b.withIdentifiers)} showing an identifier${b.failed ? `, ${n(b.failed)} unreadable` : ''}`,
    `  redacted automatically: ${n(b.redactedAutomatically)}, redacted by a reviewer: ${n(b.redactedByReviewer)}, released as they were: ${n(b.releasedAsIs)}, rejected: ${n(b.rejected)}`,
  ];
}

/** The ledger's pixel counts as the funnel reports them. */
export function burnedInCounts(c: { scanned: number; withIdentifiers: number; failed: number; released: number; redacted: number; redactedAutomatically: number; rejected: number }): BurnedInCounts {
  return {
    scanned: c.scanned, withIdentifiers: c.withIdentifiers, failed: c.failed, redactedAutomatically: c.redactedAutomatically,
    redactedByReviewer: c.redacted - c.redactedAutomatically, releasedAsIs: c.released, rejected: c.rejected,
  };
}
