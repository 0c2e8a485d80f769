/**
 * Kysely over Node's built-in `node:sqlite`, the embedded default store.
 *
 * Why hand-written: there is no maintained Kysely dialect for `node:sqlite`, and the usual driver,
 * better-sqlite3, is a native addon that cannot build here (npm's nodedir points at Node 20 headers while
 * we run Node 24). Kysely's own `SqliteDialect` does almost everything we need (query compiler,
 * introspector, migration adapter, one-connection mutex); it only expects a better-sqlite3-shaped
 * database. `node:sqlite` differs in four ways, which this adapter bridges and nothing more:
 *  - statements take parameters as arguments (`stmt.all(...params)`), not as one array;
 *  - there is no `stmt.reader` flag: a statement returns rows exactly when `stmt.columns()` is non-empty
 *    (also true for `insert ... returning` and pragmas);
 *  - older `node:sqlite` builds refuse to bind booleans, and none binds `undefined`;
 *  - rows have a null prototype.
 * It also turns Kysely's `begin` into `begin immediate` and lets the Migrator use transactions (below).
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SqliteAdapter, SqliteDialect, type DialectAdapter, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a SQLite file with the pragmas every OncoAtlas connection uses.
 * Throws whatever `node:sqlite` throws; `openStore` turns that into IO_FAILED.
 *
 * - `journal_mode=WAL`: readers (the web UI, `oncoatlas status`) never block the pipeline's writer.
 * - `synchronous=NORMAL`: in WAL mode this never corrupts the database; a power loss or OS crash can only
 *   roll back the last few commits, as a whole and in order. Every pipeline stage is idempotent and its
 *   outputs are content-addressed, so a lost commit means a study is redone, and the audit log lives in
 *   the same WAL, so it loses exactly the tail that goes with the lost ledger rows and stays consistent
 *   with them. FULL would add an fsync to every commit (one per study transition) only to protect work
 *   the pipeline redoes anyway; a deployment that needs every acknowledged commit to survive power loss
 *   uses PostgreSQL.
 * - `foreign_keys=ON`: SQLite ignores declared foreign keys unless asked, PostgreSQL always enforces them.
 * - `busy_timeout`: a second process (a CLI status command next to a running pipeline) waits instead of
 *   failing at once. The wait is synchronous, so within one process open one store per file: a second
 *   connection waiting on the first would block the event loop the first needs to finish.
 * - `cache_size` 64 MiB (SQLite's default is 2 MiB): the ledger's instance keys are keyed hashes, so each
 *   batch of a populate run touches index pages all over the file; with 2 MiB every such page was read again
 *   per batch. Measured on the 12,484-study cohort (232,084 files): instance upserts 15.2 s -> 10.9 s, the
 *   review list's held counts 7.1 s -> 0.8 s. It is a ceiling, not an allocation.
 * - `wal_autocheckpoint` 16,384 pages (64 MiB): a batch of 500 instance rows dirties about a thousand pages,
 *   so the default (1,000) checkpointed at nearly every commit.
 * Integers are read as JS numbers (`readBigInts: false`, the default, set explicitly): counts and byte
 * sizes then look the same as PostgreSQL's through our int8 parser. A value beyond 2^53 throws
 * ERR_OUT_OF_RANGE instead of silently losing precision; no size or count we store gets near 8 PiB.
 */
export function openSqliteDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { readBigInts: false });
  try {
    db.exec('pragma journal_mode = WAL');
    db.exec('pragma synchronous = NORMAL');
    db.exec('pragma foreign_keys = ON');
    db.exec(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('pragma cache_size = -65536');
    db.exec('pragma wal_autocheckpoint = 16384');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** A Kysely dialect over an open `DatabaseSync`; `Kysely.destroy()` closes it. */
export function nodeSqliteDialect(db: DatabaseSync): SqliteDialect {
  return new NodeSqliteDialect({ database: adaptDatabase(db) });
}

/**
 * Kysely's SqliteAdapter says SQLite has no transactional DDL, so its Migrator would run our migrations
 * outside a transaction: a crash half-way would leave tables without the migration recorded (the next open
 * then fails on "table already exists"), and two processes opening a new file could both migrate it.
 * SQLite does roll back DDL, so we let the Migrator wrap each run in a transaction, whose `begin immediate`
 * (below) is also the cross-process migration lock.
 */
class NodeSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Distinct statements kept prepared; a ledger uses a few dozen, so the bound only matters for odd callers. */
const STATEMENT_CACHE = 256;

/**
 * Kysely prepares every query it runs; preparing was 1.3 % of a populate run's main thread, so statements
 * are kept by their SQL and reused. A statement being iterated (Kysely's `stream`) is never shared: iterate
 * prepares its own, as re-running a shared one would reset the iteration.
 */
function adaptDatabase(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare: (sql) => {
      const text = immediate(sql);
      let stmt = cache.get(text);
      if (stmt) return stmt;
      if (cache.size >= STATEMENT_CACHE) cache.clear();
      stmt = adaptStatement(db, text);
      cache.set(text, stmt);
      return stmt;
    },
  };
}

/**
 * Kysely begins transactions with a plain (deferred) `begin`. A deferred transaction that reads and then
 * writes fails at once with SQLITE_BUSY when another process wrote in between, whatever the busy timeout.
 * Every transaction we open writes, so taking the write lock up front makes a second process wait
 * (busy_timeout) instead of failing.
 */
function immediate(sql: string): string {
  return sql.trim().toLowerCase() === 'begin' ? 'begin immediate' : sql;
}

function adaptStatement(db: DatabaseSync, sql: string): SqliteStatement {
  const stmt: StatementSync = db.prepare(sql);
  return {
    reader: stmt.columns().length > 0,
    all: (parameters) => stmt.all(...bindable(parameters)).map(plain),
    run: (parameters) => stmt.run(...bindable(parameters)),
    iterate: function* (parameters) {
      for (const row of db.prepare(sql).iterate(...bindable(parameters))) yield plain(row);
    },
  };
}

/**
 * node:sqlite rows have a null prototype, pg rows are plain objects; copying makes rows from both engines
 * equal under `assert.deepStrictEqual` and safe to pass to code that calls `row.hasOwnProperty`.
 */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row };
}

function bindable(parameters: readonly unknown[]): SQLInputValue[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    // Anything else unsupported (objects, Dates) is rejected by node:sqlite with a clear message.
    return value as SQLInputValue;
  });
}
