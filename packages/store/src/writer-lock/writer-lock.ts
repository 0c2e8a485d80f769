/**
 * One writer per data directory: populate, review decisions, dataset and catalogue writes take this lock for
 * as long as they write; readers (funnel, audit show, the server's read routes) never do. The lock lives where
 * the ledger lives: a lock file in the data directory for SQLite, an advisory lock in the database for
 * PostgreSQL (whose ledger several hosts may share). A second writer gets DATA_DIR_LOCKED naming the holder.
 *
 * @example
 * await withWriterLock({ dataDir, database, command: 'review approve' }, async () => { ... });
 */
import { resolve } from 'node:path';
import { resolveDatabaseTarget } from '../database-target.ts';
import { acquireAdvisoryLock } from './advisory-lock.ts';
import { acquireFileLock, type FileLockOptions } from './file-lock.ts';
import { holderNow, type LockHolder } from './lock-holder.ts';

export interface WriterLockOptions {
  /** The data directory (its lock file, for SQLite). */
  readonly dataDir: string;
  /** The `--database` value; a PostgreSQL URL takes the advisory lock instead of the file. */
  readonly database?: string;
  /** What writes, as the refused writer will read it: `populate`, `serve: review decision`, ... */
  readonly command: string;
  /** File lock timings (tests shorten them). */
  readonly file?: FileLockOptions;
}

export interface WriterLock {
  readonly holder: LockHolder;
  /** Frees the lock; calling it again does nothing. */
  release(): Promise<void>;
}

export async function acquireWriterLock(o: WriterLockOptions): Promise<WriterLock> {
  const target = resolveDatabaseTarget({ dataDir: o.dataDir, ...(o.database ? { database: o.database } : {}) });
  const holder = holderNow(o.command);
  if (target.engine === 'postgres') return acquireAdvisoryLock(target, holder);
  // The data directory must exist: taking a lock never creates one (a mistyped path stays an error).
  const lock = acquireFileLock(resolve(o.dataDir), holder, o.file);
  return { holder: lock.holder, release: async () => lock.release() };
}

export async function withWriterLock<T>(o: WriterLockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireWriterLock(o);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
