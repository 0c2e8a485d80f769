/**
 * The inventory stage of `populate`: reads every file of the source once, records each in the ledger (new or
 * changed files only, so a re-run writes nothing twice; each under its source key, its path sealed) and folds
 * the readable ones into per-study summaries for the select stage. A damaged file whose header still names its
 * study is recorded under that study, so a study whose every file is damaged is accounted for, not lost. The
 * same single read also feeds the "know your data" inventory report (counts only), so the steward sees it
 * without a second pass over the PACS.
 */
import { appendAuditEvents, setHash } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import type { StudySource } from '@oncoatlas/sources';
import type { InstanceInput, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { Inventory, type InventoryReport } from '../inventory/inventory.ts';
import { readInstance } from '../inventory/run-inventory.ts';
import { StudySummaries } from '../select/study-summaries.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';

const FLUSH = 500;

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
export async function inventoryStage(source: StudySource, ledger: StudyLedger, paths: SourcePathKeys, run: number, now: () => string, onFile?: () => void, signal?: AbortSignal): Promise<InventoryStageResult> {
  // By source key: the keyed hash finds a known file without the ledger holding its path.
  const known = await ledger.instanceDigests();
  const summaries = new StudySummaries();
  const inventory = new Inventory();
  let pending: InstanceInput[] = [];
  let files = 0;
  let rejectedFiles = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await ledger.transaction(async (l) => {
      await l.upsertInstances(batch);
      const contentHash = setHash(batch.flatMap((b) => (b.content_sha256 ? [b.content_sha256] : [])));
      const rejected = batch.filter((b) => b.status === 'rejected').length;
      await appendAuditEvents(l, [{ at: now(), actor: PIPELINE_ACTOR, event: { type: 'FILES_INDEXED', run, files: batch.length, rejected, contentHash } }]);
    });
  };
  for await (const item of source.items()) {
    if (signal?.aborted) {
      await flush();
      throw oncoError('INTERRUPTED', 'The inventory was interrupted.', { files });
    }
    files++;
    onFile?.();
    const key = paths.keyOf(item.origin);
    if (item.kind === 'problem') {
      rejectedFiles++;
      inventory.addRejected(item.error.code);
      if (!known.has(key)) pending.push({ ...paths.seal(item.origin, key), size: 0, status: 'rejected', reason: item.error.code, updated_at: now() });
    } else {
      const r = await readInstance(item);
      const sha256 = r.ok ? r.facts.sha256 : r.sha256;
      const unchanged = sha256 !== null && known.get(key)?.sha256 === sha256;
      if (r.ok) {
        const f = r.facts;
        summaries.add(f);
        inventory.add(f);
        if (!unchanged) {
          pending.push({
            ...paths.seal(item.origin, key), size: f.size, content_sha256: f.sha256, study_key: f.studyKey,
            sop_instance_uid: f.sopInstanceUid, sop_class_uid: f.sopClassUid, transfer_syntax_uid: f.transferSyntaxUid,
            modality: f.modality, manufacturer: f.manufacturer, body_part: f.bodyPart, burned_in: f.burnedIn.declared,
            status: 'indexed', updated_at: now(),
          });
        }
      } else {
        rejectedFiles++;
        inventory.addRejected(r.code, r.size, r.studyKey);
        if (r.studyKey && r.sha256) summaries.addDamaged(r.studyKey, r.sha256);
        if (!unchanged) pending.push({ ...paths.seal(item.origin, key), size: r.size, content_sha256: r.sha256, study_key: r.studyKey, status: 'rejected', reason: r.code, updated_at: now() });
      }
    }
    if (pending.length >= FLUSH) await flush();
  }
  await flush();
  return { files, rejectedFiles, summaries, report: inventory.report() };
}
