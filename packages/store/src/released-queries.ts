/**
 * The ledger's reads of the released set: integrated studies (done at de-identification or later) and their
 * de-identified files. Read-only, over the same Kysely database as the ledger (see ledger.ts).
 */
import type { Kysely } from 'kysely';
import { compare, RELEASED_STAGES, type ReleasedSeriesSource } from './ledger-rows.ts';
import type { Database, InstanceRow } from './schema.ts';

/** What a release and the clinical stage know of a released file. */
export type ReleasedFile = Pick<InstanceRow, 'study_key' | 'output_path' | 'output_sha256' | 'modality' | 'manufacturer' | 'body_part'>;

/** Integrated studies with their output hash and released instances. */
export async function releasedStudies(db: Kysely<Database>): Promise<{ study_key: string; output_hash: string | null; released: number }[]> {
  // Counted per study in a subquery first: joined row by row, SQLite picks the status index and reads every
  // released instance once per study (hours on a full hospital).
  const released = db
    .selectFrom('instances')
    .select(['study_key', (eb) => eb.fn.countAll<number | string>().as('released')])
    .where('status', '=', 'deidentified')
    .groupBy('study_key')
    .as('r');
  const rows = await db
    .selectFrom('studies as s')
    .leftJoin(released, 'r.study_key', 's.study_key')
    .select(['s.study_key', 's.output_hash', 'r.released'])
    .where('s.status', '=', 'done')
    .where('s.stage', 'in', [...RELEASED_STAGES])
    .orderBy('s.study_key')
    .execute();
  return rows.map((r) => ({ study_key: r.study_key, output_hash: r.output_hash, released: Number(r.released ?? 0) }));
}

/**
 * The keys of the released studies, joined to their instances in memory by the callers: a join in SQL
 * depends on the planner's statistics, and PostgreSQL's right after a bulk load (never analysed yet) make it
 * read every released instance once per study (2.4 s on 2,000 studies, quadratic in the hospital's size).
 */
async function releasedStudyKeys(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('studies').select('study_key').where('status', '=', 'done').where('stage', 'in', [...RELEASED_STAGES]).execute();
  return new Set(rows.map((r) => r.study_key));
}

/** The de-identified files of every released study, ordered by output path. Hospital paths and UIDs are not selected. */
export async function releasedInstances(db: Kysely<Database>): Promise<ReleasedFile[]> {
  const released = await releasedStudyKeys(db);
  const rows = await db
    .selectFrom('instances')
    .select(['study_key', 'output_path', 'output_sha256', 'modality', 'manufacturer', 'body_part'])
    .where('status', '=', 'deidentified')
    .execute();
  return rows.filter((r) => r.study_key !== null && released.has(r.study_key)).sort((a, b) => compare(a.output_path ?? '', b.output_path ?? ''));
}

/**
 * The first file (by output path) of each released output folder (`PSEUDONYM/STUDY/SERIES`), ordered by
 * output path: what `releasedInstances` gives first for each folder, without sorting every file (the clinical
 * stage's image records need one file a series; 206,194 files sorted took about a second on the cohort).
 */
export async function releasedSeriesFirstFiles(db: Kysely<Database>): Promise<Omit<ReleasedFile, 'output_sha256'>[]> {
  const released = await releasedStudyKeys(db);
  const rows = await db
    .selectFrom('instances')
    .select(['study_key', 'output_path', 'modality', 'manufacturer', 'body_part'])
    .where('status', '=', 'deidentified')
    .execute();
  const first = new Map<string, (typeof rows)[number] & { output_path: string }>();
  for (const r of rows) {
    const path = r.output_path;
    if (path === null || r.study_key === null || !released.has(r.study_key)) continue;
    const folder = path.slice(0, path.lastIndexOf('/'));
    const seen = first.get(folder);
    if (!seen || compare(path, seen.output_path) < 0) first.set(folder, { ...r, output_path: path });
  }
  return [...first.values()].sort((a, b) => compare(a.output_path, b.output_path));
}

/**
 * For each released output series (`PSEUDONYM/STUDY/SERIES`), the hospital file it came from (the first by
 * source key: a fixed choice, the path being sealed): what a release's attack simulation reads as the
 * hospital's own record of the study. Held by the node only; never shown.
 */
export async function releasedSeriesSources(db: Kysely<Database>): Promise<ReleasedSeriesSource[]> {
  const released = await releasedStudyKeys(db);
  const rows = await db
    .selectFrom('instances')
    .select(['study_key', 'output_path', 'source_key', 'source_sealed'])
    .where('status', '=', 'deidentified')
    .execute();
  const first = new Map<string, ReleasedSeriesSource>();
  for (const r of rows) {
    if (!r.output_path || !r.study_key || !released.has(r.study_key)) continue;
    const series = r.output_path.split('/').slice(0, 3).join('/');
    const seen = first.get(series);
    if (!seen || compare(r.source_key, seen.source_key) < 0) first.set(series, { study_key: r.study_key, output_series: series, source_key: r.source_key, source_sealed: r.source_sealed });
  }
  return [...first.values()].sort((a, b) => compare(a.output_series, b.output_series));
}
