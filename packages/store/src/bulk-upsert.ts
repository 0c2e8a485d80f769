/**
 * Many-row `insert ... on conflict do update` on both engines, in as few statements as each engine does well.
 * Kysely builds one VALUES list per statement and nothing else, hence this small helper.
 *
 * SQLite: one prepared one-row statement run per row (below; in-process, a statement costs no round trip).
 * PostgreSQL: one statement per 10,000 rows, each column bound as one array and
 * expanded by `unnest`, instead of a VALUES list of 17 parameters a row that the server parses and plans
 * each time (37,000 instance rows in 500-row transactions: 1.50 s -> 1.24 s, best of 3; a whole chunk of
 * de-identify outcomes is one statement instead of fifteen). COPY would cut the parse further but cannot
 * upsert without a staging table, and `pg-copy-streams` is not a dependency: the server's time per row
 * (four indexes) is what remains, and COPY does not change it.
 */
import { CompiledQuery, PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Rows per statement where SQLite binds parameters for every row (a multi-row insert of 17 columns, an `in`
 * list: 500 rows stay under its 32,766 bound parameters), and the rows a bulk upsert writes between returns to
 * the event loop.
 */
export const SQLITE_BATCH = 500;

/** Rows per statement on PostgreSQL: bounds one message's size, not the parameter count (arrays are one each). */
const POSTGRES_BATCH = 10_000;

/** The PostgreSQL array type each upserted column is bound as (`unnest` needs its element type). */
export type PgColumnType = 'text' | 'bigint' | 'integer';

export interface BulkUpsert<C extends string> {
  readonly table: string;
  /** Every column of the rows, in order, with its PostgreSQL type. */
  readonly columns: Readonly<Record<C, PgColumnType>>;
  readonly conflict: C;
  /** Columns that take the new row's value when the row exists. */
  readonly update: readonly C[];
}

/**
 * PostgreSQL only: inserts `rows` with one statement per 10,000 rows, each column bound as one array (see above).
 * For a table emptied first, where there is nothing to conflict with.
 */
export async function pgBulkInsert<C extends string>(db: Kysely<any>, table: string, columns: Readonly<Record<C, PgColumnType>>, rows: readonly Readonly<Record<C, unknown>>[]): Promise<void> {
  const names = Object.keys(columns) as C[];
  for (let i = 0; i < rows.length; i += POSTGRES_BATCH) {
    const batch = rows.slice(i, i + POSTGRES_BATCH);
    const arrays = names.map((c) => sql`${sql.val(batch.map((r) => r[c] ?? null))}::${sql.raw(columns[c])}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db);
  }
}

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Upserts `rows` (every row has every column of `spec.columns`; null for none). Run it inside a transaction
 * when the batches must commit together. Two rows with the same conflict key in one call are refused by
 * PostgreSQL (one statement cannot update a row twice); callers pass distinct keys.
 */
export async function bulkUpsert<C extends string>(db: Kysely<any>, spec: BulkUpsert<C>, rows: readonly Readonly<Record<C, unknown>>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(spec.columns) as C[];
  if (isPostgres(db)) {
    const set = sql.join(spec.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    for (let i = 0; i < rows.length; i += POSTGRES_BATCH) {
      const batch = rows.slice(i, i + POSTGRES_BATCH);
      const arrays = columns.map((c) => sql`${sql.val(batch.map((r) => r[c] ?? null))}::${sql.raw(spec.columns[c])}[]`);
      await sql`insert into ${sql.table(spec.table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})
        on conflict (${sql.ref(spec.conflict)}) do update set ${set}`.execute(db);
    }
    return;
  }
  // One row a statement, prepared once and run per row: SQLite runs a multi-row VALUES upsert as a coroutine
  // that was slower than running the one-row statement again (232,084 instance rows in 500-row transactions:
  // 10.9 s as 500-row statements, 6.3 s as one-row statements; node:sqlite, WAL, 2026-12-07). The SQL is
  // compiled by the query builder once per call, from the first row, and its parameters are the columns in order.
  const first = Object.fromEntries(columns.map((c) => [c, rows[0]![c] ?? null]));
  const excluded = Object.fromEntries(spec.update.map((c) => [c, sql`excluded.${sql.ref(c)}`]));
  const compiled = db.insertInto(spec.table).values(first).onConflict((oc) => oc.column(spec.conflict).doUpdateSet(excluded)).compile();
  if (compiled.parameters.length !== columns.length) throw new Error(`bulkUpsert: ${compiled.parameters.length} parameters for ${columns.length} columns`);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    await db.executeQuery(CompiledQuery.raw(compiled.sql, columns.map((c) => row[c] ?? null)));
    // node:sqlite runs each statement synchronously and an awaited chain of them never returns to the event
    // loop: every 500 rows it does, so worker threads waiting on this thread for work get it during a long commit.
    if (i % SQLITE_BATCH === SQLITE_BATCH - 1) await new Promise((r) => setImmediate(r));
  }
}
