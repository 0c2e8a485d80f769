/**
 * Writes a version's images: each de-identified file of a kept study, through the study's ReleaseEditor, into
 * the version's folder (atomically, pixel data copied by range), on worker threads as de-identification does. Then each written file's header is read back
 * from disk, so that what the risk is measured on is what ships: the study's dates, times and equipment as
 * written, every attribute the files carry (for the declaration check), and every distinct date and time in
 * the study's files (one of each is what the editor writes; more would be a date the assessment never saw).
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { oncoError, privateDir, type ErrorCode } from '@oncoatlas/core';
import {
  asciiValue, ByteSink, fileDigest, fileMetaOf, isPrivateTag, keywordOf, ReadScratch, readDicomFile, segmentsDigest, tagHex, writePart10, writeSegmentsAtomic,
  type DataSet, type DicomFile,
} from '@oncoatlas/dicom';
import type { StudyHeader } from '../patients/patient-view.ts';
import { headerFactsOf, readHeader, studyHeader, type HeaderFacts } from './header-facts.ts';
import { ReleaseEditor, type StudyRelease } from './release-editor.ts';

export interface StudyToWrite {
  /** `PSEUDONYM/STUDY_UID`. */
  readonly folder: string;
  /** Output paths under the de-identified root (`PSEUDONYM/STUDY/SERIES/SOP.dcm`) and the SHA-256 the ledger recorded when each was written and verified. */
  readonly files: readonly { readonly path: string; readonly sha256: string | null }[];
  readonly plan: StudyRelease;
}

export interface WrittenStudy {
  readonly folder: string;
  /** The study as its written files say (anchored date, hour, equipment). */
  readonly header: StudyHeader;
  /** Every distinct date (DA, and the date of a DT) and time (TM, and the hour of a DT) in the study's files. */
  readonly dates: readonly string[];
  readonly times: readonly string[];
  /** The release's value of De-identification Method (0012,0063), which says the offset unit. */
  readonly method: string | null;
}

/** An attribute the written files carry: its keyword (or tag), VR, and whether any file gives it a real value. */
export interface SeenAttribute {
  readonly keyword: string;
  readonly vr: string;
  readonly private: boolean;
  informative: boolean;
}

/** Values the de-identification writes for "no value" (PS3.15 action D): they say nothing. */
const DUMMIES = new Set(['ANONYMIZED', '19000101', '19000101000000', '000000', '000Y', '2.25.0', 'https://anonymized.invalid/', '0']);
const BINARY = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV']);

export class AttributeInventory {
  readonly seen = new Map<string, SeenAttribute>();

  /** Adds what another thread saw. */
  merge(attributes: readonly SeenAttribute[]): void {
    for (const a of attributes) {
      const known = this.seen.get(a.keyword);
      if (!known) this.seen.set(a.keyword, { ...a });
      else known.informative ||= a.informative;
    }
  }

  /** Walks a written file's header; `dates` and `times` collect its date and time values. */
  add(f: DicomFile, dates: Set<string>, times: Set<string>): void {
    const walk = (ds: DataSet): void => {
      for (const el of ds.elements) {
        const priv = isPrivateTag(el.tag);
        const keyword = priv ? `private ${tagHex(el.tag)}` : keywordOf(el.tag);
        let a = this.seen.get(keyword);
        if (!a) this.seen.set(keyword, (a = { keyword, vr: el.vr, private: priv, informative: false }));
        if (el.items) {
          for (const item of el.items) walk(item);
          continue;
        }
        if (el.external || el.length === 0) continue;
        if (BINARY.has(el.vr)) {
          a.informative = true;
          continue;
        }
        const value = asciiValue(f.buffer, el).trim();
        if (value === '') continue;
        if (!DUMMIES.has(value)) a.informative = true;
        if (el.vr === 'DA') for (const v of value.split('\\')) dates.add(v.trim());
        if (el.vr === 'TM') for (const v of value.split('\\')) times.add(v.trim());
        if (el.vr === 'DT') for (const v of value.split('\\')) { dates.add(v.trim().slice(0, 8)); if (v.trim().length > 8) times.add(v.trim().slice(8)); }
      }
    };
    walk(f.dataset);
  }
}

export interface WrittenImages {
  readonly studies: readonly WrittenStudy[];
  readonly inventory: AttributeInventory;
  readonly instances: number;
  readonly series: number;
  /** SHA-256 of every file written, by its path under the version (`files/...`), hashed as it was written. */
  readonly sha256: ReadonlyMap<string, string>;
}

/** What writing a batch of studies gives back (plain data: it crosses from a worker thread). */
export interface WrittenBatch {
  readonly studies: readonly WrittenStudy[];
  readonly attributes: readonly SeenAttribute[];
  readonly instances: number;
  readonly series: number;
  readonly sha256: readonly (readonly [string, string])[];
  /** De-identified files whose bytes are no longer those verified when they were written. */
  readonly changed: number;
}

/** Writes a batch of studies, in this thread (a writer keeps its buffers from batch to batch). */
export class StudyWriter {
  readonly #sink = new ByteSink();
  readonly #scratch = new ReadScratch();
  readonly #made = new Set<string>();

  readonly fromRoot: string;
  readonly toRoot: string;

  constructor(fromRoot: string, toRoot: string) {
    this.fromRoot = fromRoot;
    this.toRoot = toRoot;
  }

  write(batch: readonly StudyToWrite[], tick?: () => void): WrittenBatch {
    const inventory = new AttributeInventory();
    const studies: WrittenStudy[] = [];
    let instances = 0;
    let series = 0;
    const sha256: [string, string][] = [];
    let changed = 0;
    for (const study of batch) {
      const editor = new ReleaseEditor(study.plan);
      const dates = new Set<string>();
      const times = new Set<string>();
      const bySeries = new Map<string, HeaderFacts>();
      let method: string | null = null;
      for (const { path, sha256: verified } of study.files) {
        const from = join(this.fromRoot, path);
        // Only bytes that passed verification are released: a file changed since is counted, and refused.
        if (verified !== null && fileDigest(from) !== verified) {
          changed++;
          continue;
        }
        const to = join(this.toRoot, path);
        const dir = dirname(to);
        if (!this.#made.has(dir)) {
          privateDir(dir);
          this.#made.add(dir);
        }
        const source = readDicomFile(from, { scratch: this.#scratch });
        this.#sink.reset();
        writePart10(this.#sink, source.file, { meta: fileMetaOf(source.file), editor, ...(source.tail ? { tail: source.tail } : {}) });
        const segments = this.#sink.finish();
        sha256.push([`files/${path}`, segmentsDigest(segments, from)]);
        writeSegmentsAtomic(to, segments, from);
        // Read back from disk: the facts below are those of the file that ships.
        const written = readHeader(to);
        inventory.add(written, dates, times);
        const seriesUid = path.split('/')[2]!;
        if (!bySeries.has(seriesUid)) {
          const facts = headerFactsOf(written);
          bySeries.set(seriesUid, facts);
          method ??= facts.releaseMethod;
        }
        instances++;
        tick?.();
      }
      series += bySeries.size;
      studies.push({ folder: study.folder, header: studyHeader(study.folder.split('/')[1]!, [...bySeries.values()]), dates: [...dates].sort(), times: [...times].sort(), method });
    }
    return { studies, attributes: [...inventory.seen.values()], instances, series, sha256, changed };
  }
}

/** Only bytes that passed verification are released: what a version refuses when some changed since. */
export function changedFilesError(changed: number): Error {
  return oncoError('IO_FAILED', `${changed} de-identified file(s) changed after they were written and verified; the version was not created. Re-run oncoatlas populate to re-create them.`, { files: changed });
}

/** Studies per message to a worker: enough to amortise the message, few enough to balance the threads. */
const BATCH = 20;

/**
 * Writes every study, with `jobs` worker threads (inline when 1), and merges what they read back. A study's
 * files are written by one thread, so its dates and times are collected whole.
 */
export async function writeReleasedImages(o: { fromRoot: string; toRoot: string; studies: readonly StudyToWrite[]; jobs?: number; tick?: (files: number) => void }): Promise<WrittenImages> {
  const jobs = Math.max(1, Math.min(o.jobs ?? Math.min(availableParallelism(), 4), Math.ceil(o.studies.length / BATCH)));
  const batches: StudyToWrite[][] = [];
  for (let i = 0; i < o.studies.length; i += BATCH) batches.push(o.studies.slice(i, i + BATCH));
  const results: WrittenBatch[] = [];
  if (jobs === 1) {
    const writer = new StudyWriter(o.fromRoot, o.toRoot);
    for (const b of batches) results.push(writer.write(b, () => o.tick?.(1)));
  } else {
    await runWorkers(jobs, { fromRoot: o.fromRoot, toRoot: o.toRoot }, batches, (r) => {
      results.push(r);
      o.tick?.(r.instances);
    });
  }
  const changed = results.reduce((n, r) => n + r.changed, 0);
  if (changed > 0) throw changedFilesError(changed);
  const inventory = new AttributeInventory();
  for (const r of results) inventory.merge(r.attributes);
  const order = new Map(o.studies.map((s, i) => [s.folder, i]));
  return {
    studies: results.flatMap((r) => r.studies).sort((a, b) => order.get(a.folder)! - order.get(b.folder)!),
    inventory, instances: results.reduce((n, r) => n + r.instances, 0), series: results.reduce((n, r) => n + r.series, 0),
    sha256: new Map(results.flatMap((r) => r.sha256)),
  };
}

/** Feeds the batches to `jobs` threads; after a failure no batch is started, and all threads have ended before it is thrown. */
async function runWorkers(jobs: number, roots: { fromRoot: string; toRoot: string }, batches: StudyToWrite[][], record: (r: WrittenBatch) => void): Promise<void> {
  const url = new URL('./image-writer-entry.js', import.meta.url);
  let next = 0;
  let stopped = false;
  const settled = await Promise.allSettled(Array.from({ length: jobs }, () => new Promise<void>((done, fail) => {
    const w = new Worker(url, { workerData: roots, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    const end = (err?: unknown): void => {
      if (err !== undefined) stopped = true;
      void w.terminate().then(() => (err === undefined ? done() : fail(err)));
    };
    const feed = (): void => {
      if (!stopped && next < batches.length) w.postMessage(batches[next++]);
      else end();
    };
    w.on('message', (r: WrittenBatch | { error: { code: ErrorCode; message: string } }) => {
      if ('error' in r) return end(oncoError(r.error.code, r.error.message));
      record(r);
      feed();
    });
    w.on('error', (err) => end(oncoError('INTERNAL', 'A thread writing the version\'s files failed.', {}, err)));
    feed();
  })));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
