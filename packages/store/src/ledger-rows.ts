/**
 * The ledger's row shapes and column lists: what callers pass in (instances, study patches, review decisions)
 * and how each column is bound in a bulk upsert on PostgreSQL. Kept apart from the ledger's queries.
 */
import { sql, type RawBuilder } from 'kysely';
import { SQLITE_BATCH, type PgColumnType } from './bulk-upsert.ts';
import type { InstanceRow, Stage, StudyRow, StudyStatus } from './schema.ts';

type RequiredInstanceColumn = 'source_key' | 'source_sealed' | 'size' | 'status' | 'updated_at';

/**
 * An instance as the inventory sees it, its path sealed (`SourcePathKeys.seal`); omitted optional columns are
 * stored as null.
 */
export type InstanceInput = Pick<InstanceRow, Exclude<RequiredInstanceColumn, 'source_sealed'>> & { source_sealed: string } & Partial<Omit<InstanceRow, RequiredInstanceColumn>>;

/** Columns to change on a study; a study created by the patch starts at inventory/pending, 0 attempts. */
export type StudyPatch = Partial<Omit<StudyRow, 'study_key' | 'updated_at'>> & { updated_at: string };

/** The audit log's size and Merkle frontier (see @oncoatlas/audit's AuditStore, which this ledger serves). */
export interface AuditHead {
  size: number;
  nodes: readonly string[];
}

export interface StudyState {
  stage: Stage;
  status: StudyStatus;
}

/** A released series and the sealed path of the hospital file it came from (`source_sealed` null: an older version's readable row). */
export interface ReleasedSeriesSource {
  study_key: string;
  output_series: string;
  source_key: string;
  source_sealed: string | null;
}

export interface ReviewDecision {
  status: 'approved' | 'rejected';
  decided_by: string;
  decided_at: string;
  note?: string;
}

/** Every optional instance column, so a partial input becomes a full row (see upsertInstances). */
const OPTIONAL_INSTANCE_COLUMNS = {
  content_sha256: null, study_key: null, sop_instance_uid: null, series_instance_uid: null, sop_class_uid: null,
  transfer_syntax_uid: null, modality: null, manufacturer: null, body_part: null, burned_in: null, reason: null,
  output_path: null, output_sha256: null,
} satisfies Record<Exclude<keyof InstanceRow, RequiredInstanceColumn>, null>;

export const INSTANCE_UPDATE_COLUMNS = ['source_sealed', 'size', 'status', 'updated_at', ...Object.keys(OPTIONAL_INSTANCE_COLUMNS)] as (keyof InstanceRow)[];

/** Every instance column as PostgreSQL binds it in a bulk upsert (bulk-upsert.ts). */
export const INSTANCE_COLUMNS = Object.fromEntries(['source_key', ...INSTANCE_UPDATE_COLUMNS].map((c) => [c, c === 'size' ? 'bigint' : 'text'])) as Record<keyof InstanceRow, PgColumnType>;

export const OUTCOME_COLUMNS = ['status', 'reason', 'output_path', 'output_sha256', 'updated_at'] as const;

/** Every study column as PostgreSQL binds it in a bulk upsert. */
export const STUDY_COLUMNS: Record<keyof StudyRow, PgColumnType> = {
  study_key: 'text', patient_key: 'text', stage: 'text', status: 'text', reason: 'text', attempts: 'integer', instances: 'integer',
  input_hash: 'text', output_hash: 'text', updated_at: 'text',
};

/** 17 columns x 500 rows stays well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const INSTANCE_BATCH = SQLITE_BATCH;

/** The stages at which a study with status done is integrated (released output). */
export const RELEASED_STAGES = ['deidentify', 'verify', 'clinical', 'release'] as const;

export const NEW_STUDY = {
  patient_key: null, stage: 'inventory', status: 'pending', reason: null, attempts: 0, instances: 0,
  input_hash: null, output_hash: null,
} as const satisfies Omit<StudyRow, 'study_key' | 'updated_at'>;

const INSTANCE_COLUMN_NAMES = Object.keys(INSTANCE_COLUMNS) as (keyof InstanceRow)[];

/** Every column of the row, null where the input has none: a row per file of the inventory, so no spread or entries. */
export function fullInstance(row: InstanceInput): InstanceRow {
  const full: Record<string, unknown> = {};
  const input = row as Partial<Record<keyof InstanceRow, unknown>>;
  // `?? null`: an explicit undefined would make Kysely drop the column from this row only.
  for (const c of INSTANCE_COLUMN_NAMES) full[c] = input[c] ?? null;
  return full as InstanceRow;
}

/**
 * `col = excluded.col` for each column: the upsert takes the new row's values. Both engines spell it so.
 * Typed `never` (assignable to any column) because the column list is dynamic; the names come from the
 * typed constants and patches above.
 */
export function fromExcluded<C extends string>(columns: readonly C[]): Record<C, RawBuilder<never>> {
  return Object.fromEntries(columns.map((c) => [c, sql<never>`excluded.${sql.ref(c)}`])) as Record<C, RawBuilder<never>>;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
