/**
 * Why a report a populate run writes is missing: no run yet, a run that failed or was interrupted before it
 * got there, or a completed run that had nothing to write it from. `qc` says the real cause instead of
 * guessing at the cohort file (issue 17); counts and run numbers only.
 */
import { oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { RunRow, StudyLedger } from '@oncoatlas/store';

const UNFINISHED: Record<Exclude<RunRow['status'], 'completed'>, string> = {
  failed: 'failed (its error said why: for example SOURCE_EMPTY, no DICOM study in the source)',
  interrupted: 'was interrupted',
  running: 'did not finish (it was killed, or it is still running)',
};

/** The last populate run, or undefined when none was recorded. */
export async function lastPopulateRun(ledger: StudyLedger): Promise<RunRow | undefined> {
  return (await ledger.runs('populate')).at(-1);
}

/**
 * A REPORT_NOT_FOUND error for the clinical quality report, naming the cause.
 *
 * @example
 * if (!report) throw await clinicalReportMissing(ledger);
 */
export async function clinicalReportMissing(ledger: StudyLedger): Promise<OncoAtlasError> {
  const last = await lastPopulateRun(ledger);
  if (!last) return oncoError('REPORT_NOT_FOUND', 'No populate run has been recorded in this data directory: run oncoatlas populate first.');
  if (last.status !== 'completed') {
    return oncoError('REPORT_NOT_FOUND', `The last populate run (run ${last.id}) ${UNFINISHED[last.status]} before clinical data was harmonised: fix its cause and run oncoatlas populate again.`, { run: last.id, status: last.status });
  }
  return oncoError('REPORT_NOT_FOUND', `The last populate run (run ${last.id}) completed without clinical data: give the cohort file a clinical section (docs/clinical.md) and run oncoatlas populate again.`, { run: last.id });
}

/** A note when the last run did not complete, so a report of an earlier run is not taken for the latest. */
export function unfinishedRunNote(last: RunRow | undefined, reportRun: number | null): string | undefined {
  if (!last || last.status === 'completed' || last.id === reportRun) return undefined;
  return `the last populate run (run ${last.id}) ${UNFINISHED[last.status]}; this report is of run ${reportRun ?? '?'}.`;
}
