/**
 * Population runs started from the API: `populate()` in this process, one at a time, its progress kept per
 * stage for the UI to poll. Only this process's runs are watched here; the ledger lists every run, CLI ones too.
 *
 * A failed run keeps its error's code and message, never a stack: by the project's rule a typed error's
 * message holds no identifier, and an unexpected one is reduced to INTERNAL with a generic detail.
 */
import { normalizeError, oncoError, type ErrorCode } from '@oncoatlas/core';
import { populate, type FunnelReport, type PopulateOptions, type PopulateProgress, type PopulateResult } from '@oncoatlas/pipeline';

export type StageName = Parameters<PopulateProgress['stage']>[0];
type Unit = 'files' | 'studies' | 'exports' | 'images';

export interface PopulationStage {
  readonly name: StageName;
  readonly done: number;
  readonly total: number | null;
  readonly unit: Unit;
  readonly finished: boolean;
}

export type FunnelCounts = Omit<FunnelReport, 'studies'>;

export interface PopulationRun {
  readonly id: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly stage: StageName | null;
  readonly stages: readonly PopulationStage[];
  readonly error: { readonly code: ErrorCode; readonly detail: string } | null;
  readonly funnel: FunnelCounts | null;
}

/** What `serve` was given to populate from; `sourceLabel` is what the UI may show (never the path). */
export type PopulationSettings = Omit<PopulateOptions, 'progress' | 'now' | 'startedBy'> & { readonly sourceLabel: string };

const UNIT: Readonly<Record<StageName, Unit>> = { inventory: 'files', select: 'studies', deidentify: 'files', ocr: 'images', clinical: 'exports' };

interface MutableStage { name: StageName; done: number; total: number | null; unit: Unit; finished: boolean }

interface RunState {
  id: string;
  status: PopulationRun['status'];
  startedAt: string;
  finishedAt: string | null;
  stage: StageName | null;
  stages: MutableStage[];
  error: PopulationRun['error'];
  funnel: FunnelCounts | null;
}

export interface PopulationRunsOptions {
  /** Called with the code of a run's failure; the error itself stays out of the log (its cause may echo a file). */
  readonly logFailure: (code: ErrorCode) => void;
  /** The populate to call; tests of the runner may pass a stand-in. */
  readonly populate?: (o: PopulateOptions) => Promise<PopulateResult>;
  readonly now?: () => string;
}

export class PopulationRuns {
  readonly #settings: PopulationSettings | undefined;
  readonly #o: PopulationRunsOptions;
  #current: RunState | undefined;
  #running: Promise<void> | undefined;
  #seq = 0;

  constructor(settings: PopulationSettings | undefined, o: PopulationRunsOptions) {
    this.#settings = settings;
    this.#o = o;
  }

  get configured(): boolean {
    return this.#settings !== undefined;
  }

  get sourceLabel(): string | null {
    return this.#settings?.sourceLabel ?? null;
  }

  /** The run going on now, or the last one this process started. */
  current(): PopulationRun | null {
    const c = this.#current;
    return c ? { ...c, stages: c.stages.map((s) => ({ ...s })), error: c.error && { ...c.error } } : null;
  }

  /**
   * Starts a run and resolves once the ledger has recorded it (so the run is in the ledger's list when the
   * caller hears of it), or once it failed before getting that far. `startedBy` is the signed-in user who
   * asked (see actorOf): recorded with the run and as the actor of its RUN_STARTED audit event.
   */
  async start(startedBy: string): Promise<PopulationRun> {
    const settings = this.#settings;
    if (!settings) throw oncoError('USAGE', 'This server was started without a source to populate from: start it with oncoatlas serve --source ... --secret-file ... (docs/server.md).');
    if (this.#running) throw oncoError('POPULATION_RUNNING', 'A population run is already going on; wait for it to finish (GET /api/population shows its progress).');
    const now = this.#o.now ?? ((): string => new Date().toISOString());
    const state: RunState = {
      id: `local-${++this.#seq}`, status: 'running', startedAt: now(), finishedAt: null, stage: null,
      stages: (['inventory', 'select', 'deidentify', ...(settings.cohort.clinical ? ['clinical' as const] : [])] as StageName[])
        .map((name) => ({ name, done: 0, total: null, unit: UNIT[name], finished: false })),
      error: null, funnel: null,
    };
    this.#current = state;
    let recorded!: () => void;
    const inLedger = new Promise<void>((done) => { recorded = done; });
    const { sourceLabel: _label, ...options } = settings;
    const run = this.#o.populate ?? populate;
    this.#running = run({ ...options, startedBy, now, progress: this.#progress(state, recorded) })
      .then((r) => {
        const { studies: _studies, ...funnel } = r.funnel;
        Object.assign(state, { status: 'completed', funnel, stage: null });
      }, (err: unknown) => {
        const e = normalizeError(err);
        this.#o.logFailure(e.code);
        const detail = e.code === 'INTERNAL' ? 'An unexpected internal error stopped the run; it was logged on the node with its code only.' : e.message;
        Object.assign(state, { status: 'failed', error: { code: e.code, detail } });
      })
      .finally(() => {
        state.finishedAt = now();
        this.#running = undefined;
        recorded();
      });
    await inLedger;
    return this.current()!;
  }

  /**
   * Resolves when no run is going on. populate() takes no abort signal, so closing the server waits for a
   * running population to finish: every stage commits as it goes, so a process killed instead would lose at
   * most one batch, which the next run redoes, but a clean finish needs no redo.
   */
  async idle(): Promise<void> {
    await this.#running;
  }

  #progress(state: RunState, recorded: () => void): PopulateProgress {
    return {
      run(id) {
        state.id = String(id);
        recorded();
      },
      stage(name, total) {
        let s = state.stages.find((x) => x.name === name);
        if (!s) {
          // A stage not listed up front (OCR, only when images are held) goes right after the one it runs within.
          s = { name, done: 0, total: null, unit: UNIT[name], finished: false };
          const after = state.stages.findIndex((x) => x.name === 'deidentify');
          state.stages.splice(after < 0 ? state.stages.length : after + 1, 0, s);
        }
        s.total = total ?? null;
        state.stage = name;
        return {
          tick(n = 1) { s.done += n; },
          stop() {
            s.finished = true;
            // An uncounted stage (the inventory: the source is read as it is listed) ends with its count known.
            if (s.total === null) s.total = s.done;
          },
        };
      },
    };
  }
}
