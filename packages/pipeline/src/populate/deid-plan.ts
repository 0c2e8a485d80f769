/**
 * What the de-identify stage has to do, read from the ledger: which studies are candidates, which of their
 * instances are to be (re-)de-identified, cut into chunks of studies. The chunks are planned in the background
 * while the first ones are de-identified: reading the work of the 12,484-study cohort takes about a second of
 * the main thread, which the threads used to wait for before their first file.
 */
import type { InstanceRow, StudyLedger, StudyRow } from '@oncoatlas/store';
import { isTransientRejection, mayRetry } from './deid-retry.ts';

export const STUDIES_PER_CHUNK = 400;

/** The instance columns the stage plans its work from. */
export const WORK_COLUMNS = ['source_key', 'source_sealed', 'modality', 'status', 'reason'] as const;
export type WorkRow = Pick<InstanceRow, (typeof WORK_COLUMNS)[number]>;

/** What the stage reads of a study to decide whether it has work. */
export type CandidateStudy = Pick<StudyRow, 'study_key' | 'stage' | 'status' | 'reason' | 'attempts'>;

/** A study's rows to de-identify, its paths still sealed: opened a chunk at a time (see deidentifyStage). */
export interface PlannedStudy { readonly study: string; readonly attempts: number; readonly rows: readonly WorkRow[] }

/** Instances a (re-)run de-identifies: readable at inventory, whatever a killed earlier run made of them. */
function deidentifiable(i: Pick<InstanceRow, 'status' | 'reason'>): boolean {
  return i.status !== 'rejected' || (i.reason?.startsWith('DEID_') ?? false);
}

/**
 * The rows a study's work is made of, or null when the stage has nothing to do for it: every readable instance of
 * a selected study, or, for a study rejected for a passing reason and not yet tried three times, its instances again.
 */
export function rowsToDo(s: Pick<StudyRow, 'stage' | 'status' | 'reason' | 'attempts'>, rows: readonly WorkRow[]): WorkRow[] | null {
  if (s.stage === 'select' && s.status === 'done') return rows.filter(deidentifiable);
  // Tried again only when one of its instances failed for a passing reason (deid-retry.ts).
  return mayRetry(s) && rows.some(isTransientRejection) ? rows.filter((i) => deidentifiable(i) || isTransientRejection(i)) : null;
}

/** A study the stage may have work for: selected, or rejected here for a passing reason (see rowsToDo). */
export function isCandidate(s: Pick<StudyRow, 'stage' | 'status' | 'reason' | 'attempts'>): boolean {
  return (s.stage === 'select' && s.status === 'done') || mayRetry(s);
}

/**
 * The chunks of a run's work, planned in the background from the candidates' instance rows, a query of
 * STUDIES_PER_CHUNK studies at a time (one round trip each on PostgreSQL), in the candidates' order: the chunks
 * are the ones planning everything first would cut. Only the studies of a chunk are written when it commits, so
 * the rows of the studies planned later are what they were when the stage began.
 */
export class ChunkPlan {
  readonly #ready: PlannedStudy[][] = [];
  #wake: (() => void) | undefined;
  #failure: unknown;
  #finished = false;
  #stopped = false;
  /** Files in all, once every chunk is planned. */
  readonly files: Promise<number>;

  constructor(ledger: StudyLedger, candidates: readonly CandidateStudy[]) {
    this.files = this.#plan(ledger, candidates);
    // Read through `next`; the total's own failure is the same one.
    this.files.catch(() => undefined);
  }

  async #plan(ledger: StudyLedger, candidates: readonly CandidateStudy[]): Promise<number> {
    let files = 0;
    let chunk: PlannedStudy[] = [];
    const cut = (): void => { this.#ready.push(chunk); chunk = []; this.#wake?.(); };
    try {
      for (let i = 0; i < candidates.length && !this.#stopped; i += STUDIES_PER_CHUNK) {
        const slice = candidates.slice(i, i + STUDIES_PER_CHUNK);
        const rowsOf = await ledger.instancesOfStudies(slice.map((s) => s.study_key), WORK_COLUMNS);
        for (const s of slice) {
          const rows = rowsToDo(s, rowsOf.get(s.study_key) ?? []);
          if (rows === null) continue;
          chunk.push({ study: s.study_key, attempts: s.attempts, rows });
          files += rows.length;
          if (chunk.length === STUDIES_PER_CHUNK) cut();
        }
        // node:sqlite answers synchronously: back to the event loop between queries, so the threads are fed meanwhile.
        await new Promise((r) => setImmediate(r));
      }
      if (chunk.length > 0) cut();
      return files;
    } catch (err) {
      this.#failure = err;
      throw err;
    } finally {
      this.#finished = true;
      this.#wake?.();
    }
  }

  /** Stops planning (a stage that ends early) and waits for the query under way, so none outlives the stage. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.files.catch(() => undefined);
  }

  /** The next chunk, once planned; undefined after the last. */
  async next(): Promise<PlannedStudy[] | undefined> {
    for (;;) {
      const chunk = this.#ready.shift();
      if (chunk) return chunk;
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#finished) return undefined;
      await new Promise<void>((r) => { this.#wake = r; });
      this.#wake = undefined;
    }
  }
}
