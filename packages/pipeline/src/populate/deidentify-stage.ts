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
import { cleansPixelData, deidentifyFiles, FileDeidentifier, type DeidSettings, type FileOutcome } from '@oncoatlas/deid';
import type { SourcePathKeys, StudyLedger, StudyRow } from '@oncoatlas/store';
import { isPixelCandidate, OCR_HOLD_REASON, passHeldPixels, recordHeldPixels, type HeldPixelsResult, type PixelCandidate } from '../pixels/held-pixels-pass.ts';
import { ocrEngine } from '../pixels/pixel-scan.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';
import { ChunkPlan, isCandidate, rowsToDo, type CandidateStudy, type PlannedStudy, type WorkRow } from './deid-plan.ts';

interface ChunkInstance { readonly key: string; readonly path: string; readonly study: string; readonly modality: string | null }

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
  /** This process's own folder for partial files, when others write into the same output root at once. */
  readonly scratch?: string;
  /** Threads kept across chunks (the stage makes one); without it a chunk starts and stops its own. */
  readonly deidentifier?: FileDeidentifier;
}

/**
 * The paths of a study's instances, in path order: files of one folder are read one after the other (the
 * order the ledger kept before paths were sealed).
 */
function opened(paths: SourcePathKeys, rows: readonly WorkRow[]): { key: string; path: string; modality: string | null }[] {
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

/** What the de-identify stage does for one study: its instances to (re-)de-identify. */
export interface StudyWork {
  readonly study: string;
  /** The study's attempts when its work was read: a worker commits only if no one else has since. */
  readonly attempts: number;
  readonly instances: readonly { key: string; path: string; modality: string | null }[];
}

/** The work a study needs (see rowsToDo), or null when the stage has nothing to do for it. */
export async function studyWork(ledger: StudyLedger, paths: SourcePathKeys, s: CandidateStudy): Promise<StudyWork | null> {
  if (!isCandidate(s)) return null;
  const rows = rowsToDo(s, await ledger.instancesOfStudy(s.study_key));
  return rows && { study: s.study_key, attempts: s.attempts, instances: opened(paths, rows) };
}

/** Whether the study is still as its work was read: nobody else de-identified it in the meantime. */
function unchanged(now: StudyRow | undefined, w: StudyWork): boolean {
  return now !== undefined && now.attempts === w.attempts && isCandidate(now);
}

export async function deidentifyStage(o: DeidStageOptions): Promise<DeidStageResult> {
  const totals = { integrated: 0, review: 0, rejected: 0 };
  // Made first: its threads boot while the work is read.
  const deidentifier = new FileDeidentifier({ outRoot: o.outRoot, settings: o.settings, hashOutputs: true, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.scratch ? { scratch: o.scratch } : {}) });
  try {
    const plan = new ChunkPlan(o.ledger, (await o.ledger.allStudies()).filter(isCandidate));
    const first = await plan.next();
    if (first === undefined) {
      o.onStart?.(0);
      return { ...totals, ocr: ocrEngine() };
    }
    // Files done before the plan (and so the total) is complete are reported with the total.
    let early: number | undefined = 0;
    const onFiles = (n: number): void => { if (early === undefined) o.onFiles?.(n); else early += n; };
    void plan.files.then((files) => {
      o.onStart?.(files);
      if (early) o.onFiles?.(early);
      early = undefined;
    }, () => undefined);
    // Each chunk's paths are opened (decrypted) while the chunk before it is de-identified: opening all of them
    // first kept the threads waiting (about a second on the 12,484-study cohort).
    const open = (chunk: readonly PlannedStudy[]): StudyWork[] => chunk.map((p) => ({ study: p.study, attempts: p.attempts, instances: opened(o.paths, p.rows) }));
    const start = (work: StudyWork[]): Promise<ChunkFiles> => {
      const p = chunkFiles({ ...o, deidentifier, onFiles }, work);
      // Awaited below; until then a failure must not count as unhandled.
      p.catch(() => undefined);
      return p;
    };
    // Chunk n commits while chunk n + 1 is being de-identified: the threads would otherwise wait for every commit
    // (a fifth of the stage on the cohort). Only chunk n's outcomes are in its transaction, so a kill still loses
    // at most the chunks not yet committed, which the next run redoes.
    let work = open(first);
    let next: Promise<ChunkFiles> | undefined = start(work);
    const second = await plan.next();
    let upcoming = second && open(second);
    try {
      while (next) {
        const files: ChunkFiles = await next;
        const done = work;
        next = undefined;
        if (upcoming) {
          work = upcoming;
          next = start(work);
          const after = await plan.next();
          upcoming = after && open(after);
        }
        const ended = await commitChunk(o, done, files);
        for (const k of ['integrated', 'review', 'rejected'] as const) totals[k] += ended[k];
      }
      // Planned in full by now: the total has been reported.
      await plan.files;
    } finally {
      // A failed commit leaves the next chunk running: its files end before the threads stop.
      await next?.catch(() => undefined);
      await plan.stop();
    }
    return { ...totals, ocr: ocrEngine() };
  } finally {
    await deidentifier.close();
  }
}

export interface ChunkResult {
  readonly integrated: number;
  readonly review: number;
  readonly rejected: number;
  /** Studies left alone at commit because another process had de-identified them meanwhile (`claim` only). */
  readonly superseded: number;
  /** How each study of the chunk ended, by study key. */
  readonly ended: ReadonlyMap<string, 'integrated' | 'review' | 'rejected' | 'superseded'>;
}

/**
 * De-identifies the studies of a chunk, runs the burned-in text pass, and commits every outcome with its audit
 * event in one transaction. With `claim` (a worker of the study queue, where another may have run the same study
 * after this one was thought lost) each study is locked and re-read at commit and left alone if it changed.
 */
export async function deidentifyChunk(o: DeidStageOptions, chunk: readonly StudyWork[], claim = false): Promise<ChunkResult> {
  return commitChunk(o, chunk, await chunkFiles(o, chunk), claim);
}

/** A chunk de-identified and its held pixels looked at, not yet committed. */
interface ChunkFiles {
  readonly all: readonly ChunkInstance[];
  readonly byKey: Map<string, FileOutcome>;
  readonly pixels: readonly HeldPixelsResult[];
}

async function chunkFiles(o: DeidStageOptions, chunk: readonly StudyWork[]): Promise<ChunkFiles> {
  const all = chunk.flatMap((w) => w.instances.map((x) => ({ ...x, study: w.study })));
  const files = all.map((x) => x.path);
  const reported = { ...(o.signal ? { signal: o.signal } : {}), onOutcomes: (r: readonly FileOutcome[]) => o.onFiles?.(r.length) };
  const outcomes = o.deidentifier ? await o.deidentifier.run(files, reported) : await deidentifyFiles({
    files, outRoot: o.outRoot, settings: o.settings, hashOutputs: true, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.scratch ? { scratch: o.scratch } : {}), ...reported,
  });
  const byKey = new Map(all.map((x, k) => [x.key, outcomes[k]!]));
  return { all, byKey, pixels: await heldPixels(o, all, byKey) };
}

/** Commits every outcome of a de-identified chunk with its audit event in one transaction. */
async function commitChunk(o: DeidStageOptions, chunk: readonly StudyWork[], { all, byKey, pixels }: ChunkFiles, claim = false): Promise<ChunkResult> {
  const totals = { integrated: 0, review: 0, rejected: 0, superseded: 0 };
  const ended = new Map<string, 'integrated' | 'review' | 'rejected' | 'superseded'>(chunk.map((w) => [w.study, 'superseded']));
  await o.ledger.transaction(async (l) => {
    const live: StudyWork[] = [];
    for (const w of chunk) if (!claim || unchanged(await l.lockStudy(w.study), w)) live.push(w);
    totals.superseded = chunk.length - live.length;
    if (live.length === 0) return;
    const liveStudies = new Set(live.map((w) => w.study));
    const instances = all.filter((x) => liveStudies.has(x.study));
    const at = o.now();
    await recordHeldPixels(l, pixels.filter((p) => liveStudies.has(p.instance.study)), at, PIPELINE_ACTOR);
    await l.setInstanceOutcomes(instances.map(({ key }) => {
      const r = byKey.get(key)!;
      const status = r.status === 'deidentified' ? 'deidentified' : r.status === 'review' ? 'review' : 'rejected';
      return { source_key: key, status, reason: r.reason === null ? null : r.reason.split(':')[0]!, output_path: r.output, output_sha256: r.sha256 ?? null, updated_at: at };
    }));
    const transitions: StudyTransition[] = [];
    const patches: Parameters<StudyLedger['setStudies']>[0][number][] = [];
    for (const w of live) {
      const outcomes = w.instances.map((x) => byKey.get(x.key)!);
      const released = outcomes.filter((r) => r.status === 'deidentified');
      const held = outcomes.filter((r) => r.status === 'review').length;
      if (held > 0) await l.addReview({ study_key: w.study, kind: 'burned_in', created_at: at });
      const status = released.length > 0 ? 'done' : held > 0 ? 'review' : 'rejected';
      totals[status === 'done' ? 'integrated' : status]++;
      ended.set(w.study, status === 'done' ? 'integrated' : status);
      const reason = status === 'rejected' ? 'deidentification_failed' : null;
      const hash = released.length > 0 ? outputHash(released.map((r) => ({ output_path: r.output, output_sha256: r.sha256 ?? null }))) : null;
      patches.push({ study_key: w.study, stage: 'deidentify', status, reason, output_hash: hash, attempts: w.attempts + 1, updated_at: at });
      transitions.push({ study: w.study, status, ...(reason ? { reason } : {}), ...(hash ? { contentHash: hash } : {}) });
    }
    await l.setStudies(patches);
    await appendAuditEvents(l, [{ at, actor: PIPELINE_ACTOR, event: { type: 'STUDIES_TRANSITIONED', run: o.run, stage: 'deidentify', studies: transitions } }]);
  });
  return { ...totals, ended };
}
