/**
 * `oncoatlas populate`: inventory -> select -> de-identify (verification included) for every study of a
 * source, recorded in the ledger of a data directory (SQLite by default, PostgreSQL with a database URL).
 * Every stage is idempotent and commits as it goes, so running the same command again after a crash or
 * kill -9 finishes the job without losing or duplicating a study. Every batch's change commits with its audit
 * event. The clinical stage then maps the clinical export to the common data model with the images'
 * pseudonyms and dates, checks its quality and rejects studies whose clinical data QC excluded. The run ends by
 * logging the release candidate and writing a checkpoint of the log. A run holds the data directory's writer
 * lock throughout (docs/pipeline.md): a second writer is refused with DATA_DIR_LOCKED.
 */
import { join, resolve } from 'node:path';
import { appendAuditEvents } from '@oncoatlas/audit';
import { isOncoAtlasError, oncoError, privateDir } from '@oncoatlas/core';
import { cleansPixelData, defaultJobs, type DeidSettings } from '@oncoatlas/deid';
import { sourceAt, type StudySource } from '@oncoatlas/sources';
import { acquireWriterLock, openSourcePaths, openStore, StudyLedger, StudyQueue, type SourcePathKeys, type StudyRow } from '@oncoatlas/store';
import { buildFunnel, burnedInCounts, type ClinicalFunnel, type FunnelReport, type FunnelStudy, type HeldForReview } from '../funnel/funnel.ts';
import { settingsCheck } from '../distribute/run-settings.ts';
import { requireOcr } from '../pixels/held-pixels-pass.ts';
import type { CohortConfig } from '../select/cohort-config.ts';
import { logReleaseCandidate, writeCheckpoint } from './audit-trail.ts';
import { startClinicalPreparation, type ClinicalPreparation } from './clinical-prepare.ts';
import { CLINICAL_REPORT, clinicalStage, studyPatients, type ClinicalStageReport } from './clinical-stage.ts';
import { deidentifyStage, type DeidStageOptions } from './deidentify-stage.ts';
import { distributedDeidentify, type DistributeOptions } from '../distribute/distributed-deidentify.ts';
import { INVENTORY_REPORT, inventoryStage } from './inventory-stage.ts';
import { loadClinicalIndex, selectStage } from './select-stage.ts';

export interface PopulateProgress {
  /** The run's number in the ledger, as soon as it is recorded (a server names the run by it). */
  run?(id: number): void;
  /** `ocr`: images read for burned-in text during the de-identify stage; its total is not known in advance. */
  stage(name: 'inventory' | 'select' | 'deidentify' | 'ocr' | 'clinical', total?: number): { tick(n?: number): void; stop(): void };
}

export interface PopulateOptions {
  readonly dataDir: string;
  /** PostgreSQL URL; default: SQLite in the data directory. */
  readonly database?: string;
  /** Folder, DICOMDIR or DICOMweb URL. */
  readonly source: string;
  readonly cohort: CohortConfig;
  /** Where relative clinical file names in the cohort configuration are resolved. */
  readonly cohortDir: string;
  /**
   * The cohort file itself, recorded with the run: a dataset release reads its clinical export again, as the
   * hospital's own identified records its attack simulation links back to.
   */
  readonly cohortFile?: string;
  readonly settings: DeidSettings;
  readonly jobs?: number;
  readonly progress?: PopulateProgress;
  /**
   * Who asked for the run when it was not the command line: a user signed in to the API (`<subject> @
   * <issuer>`). Recorded with the run's options and logged as RUN_STARTED with the user as actor.
   */
  readonly startedBy?: string;
  /** Clock for ledger timestamps (tests fix it). */
  readonly now?: () => string;
  /**
   * Stops the run at its next commit (Ctrl-C on the command line): the run is recorded as interrupted and
   * populate throws INTERRUPTED, saying what the ledger keeps. The same options run again resume it.
   */
  readonly signal?: AbortSignal;
  /**
   * De-identify through the PostgreSQL study queue (`--distribute`): studies become jobs, run by `oncoatlas worker`
   * processes and this one (docs/scale-out.md). Needs `database`.
   */
  readonly distribute?: DistributeOptions;
}

export interface PopulateResult {
  readonly files: number;
  readonly rejectedFiles: number;
  readonly seconds: { readonly inventory: number; readonly select: number; readonly deidentify: number; readonly clinical: number };
  readonly funnel: FunnelReport;
  /** What the steward should know once about the run as a whole (no OCR engine, so holds rest on the rules alone). */
  readonly notes: readonly string[];
}

/** Said once per run, not per image, when images at risk could not be OCR'd. */
export const NO_OCR_NOTE = 'Burned-in text: no OCR engine (tesseract) is installed, so images at risk of burned-in text are held for review by the rules alone, without findings (apt-get install tesseract-ocr tesseract-ocr-eng).';

/** Where each ledger state stands in the funnel. */
export function funnelState(s: Pick<StudyRow, 'study_key' | 'stage' | 'status' | 'reason'>): FunnelStudy {
  if (s.status === 'rejected') return { study: s.study_key, state: 'rejected', reason: s.reason };
  if (s.status === 'review') return { study: s.study_key, state: 'review', reason: null };
  const done = s.status === 'done' && (s.stage === 'deidentify' || s.stage === 'verify' || s.stage === 'clinical' || s.stage === 'release');
  return { study: s.study_key, state: done ? 'integrated' : 'pending', reason: null };
}

/**
 * The funnel of a data directory: the single definition of the counts every surface shows (funnel.ts).
 *
 * @example
 * const { identified, integrated, held } = await funnelOf(ledger);
 */
export async function funnelOf(ledger: StudyLedger): Promise<FunnelReport> {
  const clinical = await ledger.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
  return buildFunnel((await ledger.allStudies()).map(funnelState), await heldForReview(ledger), clinical && clinicalFunnel(clinical.body), burnedInCounts(await ledger.pixels.counts()), await ledger.workQueue());
}

/** Every pending review item, however many: the held count must not stop at a page of the review list. */
const ALL_ITEMS = 2 ** 31 - 1;

/** Held instances per study once, though a study may wait in more than one review item (one per kind). */
async function heldForReview(ledger: StudyLedger): Promise<HeldForReview> {
  const perStudy = new Map<string, number>();
  for (const item of await ledger.reviewItems(['pending'], ALL_ITEMS)) if (item.held > 0) perStudy.set(item.study_key, item.held);
  return { studies: perStudy.size, instances: [...perStudy.values()].reduce((a, b) => a + b, 0) };
}

/**
 * What the run was asked to do, recorded with it: the dossier of a dataset states the de-identification
 * profile, options and date policy from here. The secret never is.
 */
export function runOptions(o: Pick<PopulateOptions, 'settings' | 'jobs' | 'cohortFile' | 'startedBy'>): Record<string, unknown> {
  const { profile, options, datePolicy, allowBurnedIn, siteId } = o.settings;
  return {
    profile, options: [...options], datePolicy: datePolicy ?? null, allowBurnedIn, siteIdGiven: siteId !== undefined, jobs: o.jobs ?? null,
    // Workers of the study queue take the settings above from here and prove they hold the same secret and site id.
    settingsCheck: settingsCheck(o.settings),
    ...(o.cohortFile ? { cohortFile: o.cohortFile } : {}), ...(o.startedBy ? { startedBy: o.startedBy } : {}),
  };
}

export async function populate(o: PopulateOptions): Promise<PopulateResult> {
  const now = o.now ?? ((): string => new Date().toISOString());
  // Before the data directory or its ledger is made: a mistyped source leaves nothing behind (SOURCE_NOT_FOUND).
  const source = sourceAt(o.source);
  // Clean Pixel Data finds and verifies text by OCR: without it the run would hold everything it was asked to clean.
  if (cleansPixelData(o.settings.options)) requireOcr();
  if (o.distribute && !o.database?.startsWith('postgres')) {
    throw oncoError('QUEUE_REQUIRES_POSTGRES', 'populate --distribute hands studies to workers through PostgreSQL: give --database postgres://... (the same database every oncoatlas worker is started with).');
  }
  const dataDir = privateDir(resolve(o.dataDir));
  // One writer per data directory, taken before the store is even migrated: two runs interleaving their
  // de-identification clear each other's partial files and reject what they were writing. Taken here rather
  // than by each caller, so the command line and the server's runs cannot forget it.
  const lock = await acquireWriterLock({ dataDir, ...(o.database ? { database: o.database } : {}), command: o.startedBy ? 'serve: population run' : 'populate' });
  try {
    return await populateLocked(o, source, dataDir, now);
  } finally {
    await lock.release();
  }
}

async function populateLocked(o: PopulateOptions, source: StudySource, dataDir: string, now: () => string): Promise<PopulateResult> {
  const store = await openStore({ dataDir, ...(o.database ? { database: o.database } : {}) });
  let queue: StudyQueue | undefined;
  try {
    // Opened first: a run that cannot reach its queue (or has no PostgreSQL) stops before it records anything.
    if (o.distribute) queue = await StudyQueue.open({ ...o.distribute.timings, database: o.database ?? '' });
    // Before the run is recorded: a wrong secret stops here, and the ledger holds no readable path from now on.
    const paths = await openSourcePaths(store, o.settings.secret);
    const ledger = new StudyLedger(store.db);
    // A run a user started commits with its RUN_STARTED event; the command line's runs log only what they change.
    const run = await ledger.transaction(async (l) => {
      const id = await l.startRun({ command: 'populate', started_at: now(), options: runOptions(o) });
      if (o.startedBy) await appendAuditEvents(l, [{ at: now(), actor: o.startedBy, event: { type: 'RUN_STARTED', run: id, command: 'populate' } }]);
      return id;
    });
    o.progress?.run?.(run);
    // The clinical export is read and mapped on a thread of its own while the images are worked on.
    const preparation = o.cohort.clinical && startClinicalPreparation({ source: o.cohort.clinical, baseDir: o.cohortDir, settings: o.settings });
    try {
      return await stages(o, source, ledger, paths, run, dataDir, now, preparation, queue);
    } catch (err) {
      const interrupted = isOncoAtlasError(err, 'INTERRUPTED');
      // Best effort: a run that cannot even be marked failed (the database is gone) still reports its own error.
      await ledger.finishRun(run, interrupted ? 'interrupted' : 'failed', now()).catch(() => undefined);
      throw interrupted ? await interruptedError(ledger, run, err) : err;
    } finally {
      await preparation?.stop();
    }
  } finally {
    // Not graceful: this process's own jobs are done once the run's wait ended; any still held go back to the queue.
    await queue?.stop({ graceful: false });
    await store.close();
  }
}

/** Thrown at a stage's commit boundary once the run was asked to stop; populate() then says what is kept. */
function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw oncoError('INTERRUPTED', 'The run was interrupted.');
}

/** What an interrupted run leaves: the funnel's counts as committed, and how to go on. Counts only. */
async function interruptedError(ledger: StudyLedger, run: number, cause: unknown): Promise<Error> {
  const f = await funnelOf(ledger).catch(() => undefined);
  const n = (x: number): string => x.toLocaleString('en-GB');
  const kept = f
    ? `the ledger keeps ${n(f.identified)} studies identified: ${n(f.integrated)} integrated, ${n(Object.values(f.rejected).reduce((a, b) => a + b, 0))} rejected, ${n(f.review)} waiting in review, ${n(f.pending)} not finished`
    : 'the ledger keeps every batch committed before the interrupt';
  return oncoError('INTERRUPTED', `Populate run ${run} was interrupted; ${kept}. Nothing half-done is kept. Run the same command again to resume: finished studies are not redone.`,
    f ? { run, identified: f.identified, integrated: f.integrated, review: f.review, pending: f.pending } : { run }, cause);
}

async function stages(o: PopulateOptions, source: StudySource, ledger: StudyLedger, paths: SourcePathKeys, run: number, dataDir: string, now: () => string, preparation: ClinicalPreparation | undefined, queue?: StudyQueue): Promise<PopulateResult> {
  let t = performance.now();
  const bar = o.progress?.stage('inventory');
  const inv = await inventoryStage(source, ledger, paths, run, now, () => bar?.tick(), o.signal,
    // Reading threads beside the main thread, which walks the folders and writes the ledger: as many as de-identify.
    Math.max(1, o.jobs ?? defaultJobs()));
  bar?.stop();
  await ledger.cdm.putReport(INVENTORY_REPORT, run, now(), inv.report);
  const inventorySeconds = (performance.now() - t) / 1000;
  if (inv.summaries.keys().length === 0) {
    // Clinical rows are linked to the images' pseudonyms and dates: with no study there is nothing to link them
    // to, so the clinical stage does not run and a script sees a failure, not an empty success.
    throw oncoError('SOURCE_EMPTY', `The source holds no DICOM study: ${inv.files.toLocaleString('en-GB')} files read, ${inv.rejectedFiles.toLocaleString('en-GB')} of them not DICOM or damaged. `
      + 'Nothing was selected or de-identified, and the clinical tables were not processed (they are linked to the studies). Check that --source is the image export.',
    { files: inv.files, rejectedFiles: inv.rejectedFiles });
  }
  stopIfAsked(o.signal);
  preparation?.imaged([...studyPatients(inv.summaries).values()]);

  t = performance.now();
  const clinical = await loadClinicalIndex(o.cohort, o.cohortDir);
  const sel = o.progress?.stage('select', inv.summaries.keys().length);
  // Distributed: a study's job is enqueued in the transaction that selects it, so it exists exactly when the selection does.
  const enqueue = queue && ((l: StudyLedger, studies: string[]): Promise<void> => l.enqueueJobs(queue, studies.map((study) => ({ study, run, stage: 'deidentify' as const }))));
  await selectStage(inv.summaries, clinical, o.cohort, ledger, run, now, enqueue);
  sel?.tick(inv.summaries.keys().length);
  sel?.stop();
  const selectSeconds = (performance.now() - t) / 1000;
  stopIfAsked(o.signal);

  t = performance.now();
  let deidBar: ReturnType<PopulateProgress['stage']> | undefined;
  let ocrBar: ReturnType<PopulateProgress['stage']> | undefined;
  const stageOptions: DeidStageOptions = {
    ledger, paths, run, outRoot: join(dataDir, 'deidentified'), settings: o.settings, now, ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.signal ? { signal: o.signal } : {}),
    onStart: (files) => { deidBar = o.progress?.stage('deidentify', files); },
    onFiles: (n) => deidBar?.tick(n),
    // OCR is slower than de-identification by two orders of magnitude: a run on an ultrasound archive shows it.
    onScanned: (n) => (ocrBar ??= o.progress?.stage('ocr'))?.tick(n),
  };
  const deid = queue && o.distribute
    ? await distributedDeidentify({ ...stageOptions, queue, distribute: o.distribute, dataDir, secrets: { secret: o.settings.secret, ...(o.settings.siteId !== undefined ? { siteId: o.settings.siteId } : {}) } })
    : await deidentifyStage(stageOptions);
  deidBar?.stop();
  ocrBar?.stop();
  const deidSeconds = (performance.now() - t) / 1000;
  stopIfAsked(o.signal);

  t = performance.now();
  const clin = preparation && o.progress?.stage('clinical', 1);
  if (preparation) await clinicalStage({ config: o.cohort, settings: o.settings, summaries: inv.summaries, ledger, run, now, prepared: preparation.result() });
  clin?.tick();
  clin?.stop();
  const clinicalSeconds = (performance.now() - t) / 1000;
  await logReleaseCandidate(ledger, run, now());
  await writeCheckpoint(ledger, dataDir, now());
  await ledger.finishRun(run, 'completed', now());
  return {
    files: inv.files, rejectedFiles: inv.rejectedFiles,
    // To the millisecond: a float's noise digits (0.027210812999999917) say nothing, and a run of eight of them
    // can equal a patient ID (synthetic IDs are 8 digits), which a search of the report for identifiers finds.
    seconds: { inventory: ms(inventorySeconds), select: ms(selectSeconds), deidentify: ms(deidSeconds), clinical: ms(clinicalSeconds) },
    funnel: await funnelOf(ledger),
    notes: deid.ocr === null ? [NO_OCR_NOTE] : [],
  };
}

function clinicalFunnel(r: ClinicalStageReport): ClinicalFunnel {
  return { rows: r.qc.rows, patients: r.qc.patients, excludedRows: r.excludedRows, excludedPatients: r.excludedPatients, records: r.records };
}

function ms(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
