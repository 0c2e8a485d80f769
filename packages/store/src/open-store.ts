/**
 * Opens the data layer: SQLite (the embedded default, one file in the data directory) or PostgreSQL (scale
 * out), both behind one `Kysely<Database>`, with the schema migrated to the latest version before anyone
 * queries it. A new data directory or an empty database is ready on return, an older one is upgraded.
 */
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { createPrivateFile, oncoError, privateDir } from '@oncoatlas/core';
import { describePostgres, resolveDatabaseTarget, withoutPassword, type DatabaseTarget } from './database-target.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database, Engine } from './schema.ts';
import { nodeSqliteDialect, openSqliteDatabase } from './sqlite-dialect.ts';

export interface StoreOptions {
  /** 'sqlite:/path/atlas.sqlite', a plain file path, or 'postgres://user:password@host:port/database'. */
  database?: string;
  /** Where the default SQLite file `atlas.sqlite` lives when `database` is not given; created if missing. */
  dataDir?: string;
  /**
   * PostgreSQL: the most connections this process opens (default 10, node-postgres's). Workers set fewer: each
   * of many processes on one database takes its share of the server's max_connections.
   */
  maxConnections?: number;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Closes the SQLite file or ends the PostgreSQL pool; calling it again does nothing. */
  close(): Promise<void>;
}

/** How long to wait for a PostgreSQL connection: a firewalled host otherwise hangs for minutes. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Open one store per database per process and share it: on SQLite a second store on the same file in
 * the same process would wait synchronously for the first one's write lock (several processes are fine).
 *
 * @example
 * const store = await openStore({ dataDir: '/var/lib/oncoatlas' });          // SQLite
 * const store = await openStore({ database: 'postgres://atlas@db:5432/atlas' }); // PostgreSQL
 * try { ... new StudyLedger(store.db) ... } finally { await store.close(); }
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  return openDatabase<Database>({ ...options, migrations: (engine) => migrationProvider(engine) });
}

export interface DatabaseOptions extends StoreOptions {
  /** The SQLite file's name inside `dataDir` when `database` is not given (default `atlas.sqlite`). */
  readonly file?: string;
  /** This database's own migrations, by engine. */
  readonly migrations: (engine: Engine) => MigrationProvider;
  /**
   * Kysely's bookkeeping table (and its lock table, suffixed `_lock`); give each schema its own so two
   * schemas pointed at one PostgreSQL database never read each other's migration history.
   */
  readonly migrationTable?: string;
}

/** A database of its own over the same machinery as the node's store (another service's schema, e.g. the hub). */
export interface OpenDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  close(): Promise<void>;
}

/**
 * Opens SQLite (owner-only file in the data directory) or PostgreSQL and migrates `migrations` to the latest.
 *
 * @example
 * const hub = await openDatabase<HubDatabase>({ dataDir, file: 'hub.sqlite', migrations: hubMigrations, migrationTable: 'hub_migration' });
 */
export async function openDatabase<DB>(options: DatabaseOptions): Promise<OpenDatabase<DB>> {
  const target = resolveDatabaseTarget(options);
  const store = target.engine === 'sqlite' ? openSqliteStore<DB>(target) : await openPostgresStore<DB>(target, options.maxConnections);
  try {
    await migrate(store.db, store.engine, options);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

function openSqliteStore<DB>(target: Extract<DatabaseTarget, { engine: 'sqlite' }>): OpenDatabase<DB> {
  try {
    if (target.createDir !== undefined) privateDir(target.createDir);
    // Owner-only before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
    createPrivateFile(target.path);
    const sqlite = openSqliteDatabase(target.path);
    return storeOf(new Kysely<DB>({ dialect: nodeSqliteDialect(sqlite) }), 'sqlite');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw oncoError(
      'IO_FAILED',
      `Cannot open the SQLite database ${target.path} (${reason}): check that its folder exists and is writable, and that the file is an OncoAtlas database.`,
      { path: target.path },
      err,
    );
  }
}

async function openPostgresStore<DB>(target: Extract<DatabaseTarget, { engine: 'postgres' }>, max?: number): Promise<OpenDatabase<DB>> {
  const pool = new pg.Pool({ connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: int8AsNumber(), ...(max ? { max } : {}) });
  // An idle pooled connection that dies (server restart, network cut) is emitted as 'error' on the pool;
  // unhandled, that event would end the process. The pool has already dropped the connection and the next
  // query opens a new one, or fails there, where a caller can handle it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw connectError(target, err);
  }
  return storeOf(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

/**
 * PostgreSQL returns int8 (bigint columns, count(*), max(bigint)) as strings, SQLite as numbers. Parsing
 * int8 as a number for our pool only (not pg's global parsers, which pg-boss shares) gives one result shape
 * on both engines. Exact up to 2^53: 8 PiB for a byte size, far beyond any count we keep.
 */
function int8AsNumber(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, 'text', Number);
  return types;
}

function connectError(target: Extract<DatabaseTarget, { engine: 'postgres' }>, err: unknown): Error {
  const where = describePostgres(target);
  const reason = withoutPassword(target.url, err instanceof Error ? err.message : String(err));
  return oncoError(
    'IO_FAILED',
    `Cannot connect to PostgreSQL at ${where} (${reason}): check that the server is running and reachable ` +
      `(pg_isready -h ${target.host} -p ${target.port}), and the user, password and database name in --database.`,
    { host: target.host, port: target.port, database: target.database },
    err,
  );
}


async function migrate<DB>(db: Kysely<DB>, engine: Engine, o: DatabaseOptions): Promise<void> {
  // Kysely's Migrator takes a lock (an advisory lock on PostgreSQL, the write lock on SQLite) so several
  // workers opening one database at once migrate it once.
  const tables = o.migrationTable ? { migrationTableName: o.migrationTable, migrationLockTableName: `${o.migrationTable}_lock` } : {};
  const { error, results } = await new Migrator({ db, provider: o.migrations(engine), ...tables }).migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw oncoError(
    'INTERNAL',
    failed === undefined
      ? `Cannot bring the ${engine} database schema up to date (${reason}); if a newer OncoAtlas wrote this database, use that version.`
      : `Database migration ${failed} failed on ${engine} (${reason}).`,
    { engine, migration: failed },
    error,
  );
}

function storeOf<DB>(db: Kysely<DB>, engine: Engine): OpenDatabase<DB> {
  let closing: Promise<void> | undefined;
  return {
    db,
    engine,
    close: () => (closing ??= db.destroy()),
  };
}
