/**
 * The de-identify stage of `populate`: every selected study's readable instances go through the profile on
 * worker threads, in chunks of studies, and each chunk's outcome is committed to the ledger before the next
 * starts, so a kill -9 loses at most one chunk of work, which the next run redoes (outputs are written under
 * their pseudonymous UIDs and an identical file is kept, so redoing it duplicates nothing).
 * A study with released instances is integrated; its instances held for burned-in text become a review item.
 * A study whose instances are all held waits in review; one with none released and none held is rejected, and
 * retried by a later run when its instances failed for a passing reason (deid-retry.ts).
 * Before a chunk commits, OCR looks at the pixels of its held instances (pixels/held-pixels-pass.ts); under the
 * Clean Pixel Data option it redacts and releases those it can verify clean, and its scans and decisions commit
 * with the chunk.
 */
import { appendAuditEvents, setHash, type StudyTransition } from '@oncoatlas/audit';
import { cleansPixelData, type DeidSettings } from '@oncoatlas/deid';
import type { InstanceRow, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { deidentifyFiles } from '../deid-batch/deidentify-files.ts';
import type { FileOutcome } from '../deid-batch/messages.ts';
import { isPixelCandidate, OCR_HOLD_REASON, passHeldPixels, recordHeldPixels, type HeldPixelsResult, type PixelCandidate } from '../pixels/held-pixels-pass.ts';
import { ocrEngine } from '../pixels/pixel-scan.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';
import { isTransientRejection, mayRetry } from './deid-retry.ts';

const STUDIES_PER_CHUNK = 400;

interface ChunkInstance { readonly key: string; readonly path: string; readonly study: string; readonly modality: string | null }

/** Instances a (re-)run de-identifies: readable at inventory, whatever a killed earlier run made of them. */
function deidentifiable(i: InstanceRow): boolean {
  return i.status !== 'rejected' || (i.reason?.startsWith('DEID_') ?? false);
}

/** SHA-256 over a study's released files (path under the output root and content hash). */
export function outputHash(released: readonly { output_path: string | null; output_sha256: string | null }[]): string {
  return setHash(released.map((r) => `${r.output_path} ${r.output_sha256}`));
}

export interface DeidStageOptions {
  readonly ledger: StudyLedger;
  /** Opens the sealed source paths of the instances to read. */
  readonly paths: SourcePathKeys;
  readonly run: number;
  readonly outRoot: string;
  readonly settings: DeidSettings;
  readonly jobs?: number;
  readonly now: () => string;
  readonly onStart?: (files: number) => void;
  readonly onFiles?: (n: number) => void;
  /** Images read by OCR for burned-in text (after each chunk's de-identification). */
  readonly onScanned?: (n: number) => void;
  /** Stops before the next chunk, or within the current one (its outcomes are then not committed). */
  readonly signal?: AbortSignal;
}

/**
 * The paths of a study's instances, in path order: files of one folder are read one after the other (the
 * order the ledger kept before paths were sealed).
 */
function opened(paths: SourcePathKeys, rows: readonly InstanceRow[]): { key: string; path: string; modality: string | null }[] {
  return rows
    // Never null here: populate seals the rows an older version left readable before any stage runs.
    .map((r) => ({ key: r.source_key, path: paths.open({ source_key: r.source_key, source_sealed: r.source_sealed ?? '' }), modality: r.modality }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface DeidStageResult {
  readonly integrated: number;
  readonly review: number;
  readonly rejected: number;
  /** The OCR engine that scanned held instances; null when none is installed (the rules' holds stand). */
  readonly ocr: string | null;
}

/**
 * The burned-in text pass (pixels/held-pixels-pass.ts) over the chunk's held instances, and under Clean Pixel Data
 * over its released text-prone ones, before the chunk commits; what it releases or holds changes the outcomes.
 */
async function heldPixels(o: DeidStageOptions, instances: readonly ChunkInstance[], byKey: Map<string, FileOutcome>): Promise<HeldPixelsResult[]> {
  const clean = cleansPixelData(o.settings.options);
  const candidates: PixelCandidate[] = instances.flatMap((x) => {
    const r = byKey.get(x.key)!;
    const looked = r.output !== null && (r.status === 'review' || r.status === 'deidentified') && isPixelCandidate(r.output, x.modality, clean);
    return looked ? [{ key: x.key, study: x.study, sourcePath: x.path, outputPath: r.output!, modality: x.modality }] : [];
  });
  const results = candidates.length > 0 ? await passHeldPixels(candidates, { outRoot: o.outRoot, clean, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.onScanned ? { onScanned: o.onScanned } : {}), ...(o.signal ? { signal: o.signal } : {}) }) : [];
  for (const p of results) {
    const r = byKey.get(p.instance.key)!;
    if (p.released) byKey.set(p.instance.key, { ...r, status: 'deidentified', reason: null, output: p.released.path, sha256: p.released.sha256 });
    else if (p.heldPath) byKey.set(p.instance.key, { ...r, status: 'review', reason: OCR_HOLD_REASON, output: p.heldPath });
  }
  return results;
}

export async function deidentifyStage(o: DeidStageOptions): Promise<DeidStageResult> {
  const totals = { integrated: 0, review: 0, rejected: 0 };
  const work: { study: string; attempts: number; instances: { key: string; path: string; modality: string | null }[] }[] = [];
  for (const s of await o.ledger.allStudies()) {
    if (s.stage === 'select' && s.status === 'done') {
      work.push({ study: s.study_key, attempts: s.attempts, instances: opened(o.paths, (await o.ledger.instancesOfStudy(s.study_key)).filter(deidentifiable)) });
    } else if (mayRetry(s)) {
      // Tried again only when one of its instances failed for a passing reason (deid-retry.ts).
      const rows = await o.ledger.instancesOfStudy(s.study_key);
      if (rows.some(isTransientRejection)) work.push({ study: s.study_key, attempts: s.attempts, instances: opened(o.paths, rows.filter((i) => deidentifiable(i) || isTransientRejection(i))) });
    }
  }
  o.onStart?.(work.reduce((n, w) => n + w.instances.length, 0));
  for (let i = 0; i < work.length; i += STUDIES_PER_CHUNK) {
    const chunk = work.slice(i, i + STUDIES_PER_CHUNK);
    const instances = chunk.flatMap((w) => w.instances.map((x) => ({ ...x, study: w.study })));
    const outcomes = await deidentifyFiles({
      files: instances.map((x) => x.path), outRoot: o.outRoot, settings: o.settings, hashOutputs: true, ...(o.jobs ? { jobs: o.jobs } : {}),
      ...(o.signal ? { signal: o.signal } : {}), onOutcomes: (r) => o.onFiles?.(r.length),
    });
    const byKey = new Map(instances.map((x, k) => [x.key, outcomes[k]!]));
    const pixels = await heldPixels(o, instances, byKey);
    await o.ledger.transaction(async (l) => {
      const at = o.now();
      await recordHeldPixels(l, pixels, at, PIPELINE_ACTOR);
      await l.setInstanceOutcomes(instances.map(({ key }) => {
        const r = byKey.get(key)!;
        const status = r.status === 'deidentified' ? 'deidentified' : r.status === 'review' ? 'review' : 'rejected';
        return { source_key: key, status, reason: r.reason === null ? null : r.reason.split(':')[0]!, output_path: r.output, output_sha256: r.sha256 ?? null, updated_at: at };
      }));
      const transitions: StudyTransition[] = [];
      for (const w of chunk) {
        const outcomes = w.instances.map((x) => byKey.get(x.key)!);
        const released = outcomes.filter((r) => r.status === 'deidentified');
        const held = outcomes.filter((r) => r.status === 'review').length;
        if (held > 0) await l.addReview({ study_key: w.study, kind: 'burned_in', created_at: at });
        const status = released.length > 0 ? 'done' : held > 0 ? 'review' : 'rejected';
        totals[status === 'done' ? 'integrated' : status]++;
        const reason = status === 'rejected' ? 'deidentification_failed' : null;
        const hash = released.length > 0 ? outputHash(released.map((r) => ({ output_path: r.output, output_sha256: r.sha256 ?? null }))) : null;
        await l.setStudy(w.study, { stage: 'deidentify', status, reason, output_hash: hash, attempts: w.attempts + 1, updated_at: at });
        transitions.push({ study: w.study, status, ...(reason ? { reason } : {}), ...(hash ? { contentHash: hash } : {}) });
      }
      await appendAuditEvents(l, [{ at, actor: PIPELINE_ACTOR, event: { type: 'STUDIES_TRANSITIONED', run: o.run, stage: 'deidentify', studies: transitions } }]);
    });
  }
  return { ...totals, ocr: ocrEngine() };
}
