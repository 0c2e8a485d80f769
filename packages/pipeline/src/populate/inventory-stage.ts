/**
 * The inventory stage of `populate`: reads every file of the source once, records each in the ledger (new or
 * changed files only, so a re-run writes nothing twice; each under its source key, its path sealed) and folds
 * the readable ones into per-study summaries for the select stage. A damaged file whose header still names its
 * study is recorded under that study, so a study whose every file is damaged is accounted for, not lost. The
 * same single read also feeds the "know your data" inventory report (counts only), so the steward sees it
 * without a second pass over the PACS.
 */
import { appendAuditEvents, setHash } from '@oncoatlas/audit';
import { oncoError, type ErrorCode } from '@oncoatlas/core';
import type { StudySource } from '@oncoatlas/sources';
import type { InstanceInput, SealedSource, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { Inventory, type InventoryReport } from '../inventory/inventory.ts';
import { readInParallel } from '../inventory/parallel-reads.ts';
import { readInstance, type InstanceReading } from '../inventory/run-inventory.ts';
import { StudySummaries } from '../select/study-summaries.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';

/**
 * Files a transaction: each commit writes every index page the batch touched (the keys are keyed hashes, so
 * spread over the whole index), so fewer, larger commits write less (232,084 instance rows: 7.5 s in 500-row
 * transactions, 5.2 s in 5,000-row ones; by themselves, 3.7 s in 5,000-row and 3.2 s in 20,000-row ones). A
 * kill loses at most one batch's reading (about two seconds), which a re-run redoes.
 */
const FLUSH = 20_000;

/** The kind under which populate stores the inventory report of its source (one, replaced by each run). */
export const INVENTORY_REPORT = 'inventory';

export interface InventoryStageResult {
  readonly files: number;
  readonly rejectedFiles: number;
  readonly summaries: StudySummaries;
  readonly report: InventoryReport;
}

/**
 * Records new and changed files, each batch with its FILES_INDEXED audit event in the same transaction. Asked
 * to stop (`signal`), it commits the files read so far and throws INTERRUPTED: a resumed run skips them.
 */
export async function inventoryStage(source: StudySource, ledger: StudyLedger, paths: SourcePathKeys, run: number, now: () => string, onFile?: () => void, signal?: AbortSignal, threads = 1): Promise<InventoryStageResult> {
  // By source key: the keyed hash finds a known file without the ledger holding its path.
  const known = await ledger.instanceDigests();
  const summaries = new StudySummaries();
  const inventory = new Inventory();
  let pending: InstanceInput[] = [];
  let files = 0;
  let rejectedFiles = 0;
  // A batch's rows carry the time the batch began: a clock read per file was about 0.15 s of the main thread on the cohort.
  let at = now();
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    at = now();
    await ledger.transaction(async (l) => {
      await l.upsertInstances(batch);
      const contentHash = setHash(batch.flatMap((b) => (b.content_sha256 ? [b.content_sha256] : [])));
      const rejected = batch.filter((b) => b.status === 'rejected').length;
      await appendAuditEvents(l, [{ at: now(), actor: PIPELINE_ACTOR, event: { type: 'FILES_INDEXED', run, files: batch.length, rejected, contentHash } }]);
    });
  };
  for await (const item of readings(source, paths, threads, signal)) {
    if (signal?.aborted) {
      await flush();
      throw oncoError('INTERRUPTED', 'The inventory was interrupted.', { files });
    }
    files++;
    onFile?.();
    const key = item.sealed?.source_key ?? paths.keyOf(item.origin);
    const sealed = (): SealedSource => item.sealed ?? paths.seal(item.origin, key);
    if ('code' in item) {
      rejectedFiles++;
      inventory.addRejected(item.code);
      if (!known.has(key)) pending.push({ ...sealed(), size: 0, status: 'rejected', reason: item.code, updated_at: at });
    } else {
      const r = item.reading;
      const sha256 = r.ok ? r.facts.sha256 : r.sha256;
      const unchanged = sha256 !== null && known.get(key)?.sha256 === sha256;
      if (r.ok) {
        const f = r.facts;
        summaries.add(f);
        inventory.add(f);
        if (!unchanged) {
          pending.push({
            ...sealed(), size: f.size, content_sha256: f.sha256, study_key: f.studyKey,
            sop_instance_uid: f.sopInstanceUid, sop_class_uid: f.sopClassUid, transfer_syntax_uid: f.transferSyntaxUid,
            modality: f.modality, manufacturer: f.manufacturer, body_part: f.bodyPart, burned_in: f.burnedIn.declared,
            status: 'indexed', updated_at: at,
          });
        }
      } else {
        rejectedFiles++;
        inventory.addRejected(r.code, r.size, r.studyKey);
        if (r.studyKey && r.sha256) summaries.addDamaged(r.studyKey, r.sha256);
        if (!unchanged) pending.push({ ...sealed(), size: r.size, content_sha256: r.sha256, study_key: r.studyKey, status: 'rejected', reason: r.code, updated_at: at });
      }
    }
    if (pending.length >= FLUSH) await flush();
  }
  await flush();
  return { files, rejectedFiles, summaries, report: inventory.report() };
}

/** Every file of the source once: why it cannot be used, or what reading it gave; its path sealed when read on a thread. */
type Read = ({ readonly code: ErrorCode } | { readonly reading: InstanceReading }) & { readonly origin: string; readonly sealed?: SealedSource };

/**
 * The source's files read in its order: a local export on `threads` worker threads (parallel-reads.ts), any
 * other source (DICOMweb, a DICOMDIR) as its stream arrives, on this thread.
 */
async function* readings(source: StudySource, paths: SourcePathKeys, threads: number, signal?: AbortSignal): AsyncGenerator<Read> {
  if (source.localFiles) {
    const seen = new Set<string>();
    for await (const r of readInParallel(source.localFiles(signal), paths, threads, signal)) {
      if ('kind' in r) { yield { origin: r.origin, code: r.error.code }; continue; }
      const x = r.reading;
      if (x.kind === 'other') continue;
      // A file reached again through a link counts once, at its first path.
      if (x.id !== null && seen.has(x.id)) continue;
      if (x.id !== null) seen.add(x.id);
      yield x.kind === 'problem' ? { origin: r.path, code: x.code, sealed: x.sealed } : { origin: r.path, reading: x.reading, sealed: x.sealed };
    }
    return;
  }
  for await (const item of source.items(signal)) {
    yield item.kind === 'problem' ? { origin: item.origin, code: item.error.code } : { origin: item.origin, reading: await readInstance(item) };
  }
}
