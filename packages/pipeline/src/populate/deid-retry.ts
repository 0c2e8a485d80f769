/**
 * Which de-identification failures a re-run tries again. A study is rejected `deidentification_failed` when
 * none of its instances was released or held; that is final when its instances were refused for what they are
 * (DICOM_*, DEID_* reasons: the same file fails the same way), but not when a file could not be read or written
 * (IO_FAILED: a full disk, a share that went away, a concurrent writer clearing the partial files) or the
 * pipeline failed unexpectedly (INTERNAL), or the workers holding its job kept dying (QUEUE_WORKER_LOST). Those are retried by the next run, at most MAX_DEID_ATTEMPTS
 * de-identifications per study in all (`studies.attempts` counts them), so a file that fails every time does
 * not cost every run forever; after that the study keeps its rejection and its instances their reasons.
 */
import type { InstanceRow, StudyRow } from '@oncoatlas/store';

export const MAX_DEID_ATTEMPTS = 3;

/**
 * The instance rejection reasons (error codes) that say nothing about the file itself. A study job that failed
 * its every retry on the workers (distributed runs) leaves its job's code: those are all about the worker (killed,
 * misconfigured, without OCR, cut off from the database), never the file, since a file's own failure is an
 * outcome of a job that succeeded.
 */
const TRANSIENT = new Set(['IO_FAILED', 'INTERNAL', 'QUEUE_WORKER_LOST', 'QUEUE_NO_HANDLER', 'WORKER_SETTINGS_MISMATCH', 'OCR_UNAVAILABLE', 'SECRET_MISMATCH', 'INTERRUPTED']);

export function isTransientRejection(i: Pick<InstanceRow, 'status' | 'reason'>): boolean {
  return i.status === 'rejected' && i.reason !== null && TRANSIENT.has(i.reason);
}

/** A study the de-identify stage rejected, not yet tried MAX_DEID_ATTEMPTS times: a candidate for a retry. */
export function mayRetry(s: Pick<StudyRow, 'stage' | 'status' | 'reason' | 'attempts'>): boolean {
  return s.stage === 'deidentify' && s.status === 'rejected' && s.reason === 'deidentification_failed' && s.attempts < MAX_DEID_ATTEMPTS;
}
