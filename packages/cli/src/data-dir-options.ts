/**
 * The options every command over a data directory shares (`--data-dir`, `--database`, `--json`) and opening
 * its ledger for the length of one action.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { oncoError } from '@oncoatlas/core';
import { openStore, StudyLedger, withWriterLock } from '@oncoatlas/store';

export interface DataDirOptions {
  dataDir: string;
  database?: string;
  json?: boolean;
}

export function dataDirOptions(c: Command): Command {
  return c
    .requiredOption('--data-dir <dir>', 'data directory of populate')
    .option('--database <url>', 'postgres://... when the ledger is in PostgreSQL')
    .option('--json', 'JSON output');
}

/**
 * Opens the ledger of an existing data directory. Without `--database` the SQLite file must already be there:
 * a mistyped path would otherwise become a new, empty atlas that reports nothing wrong.
 */
export async function withLedger<T>(w: DataDirOptions, fn: (ledger: StudyLedger) => Promise<T>): Promise<T> {
  requireLedger(w);
  const store = await openStore({ dataDir: resolve(w.dataDir), ...(w.database ? { database: w.database } : {}) });
  try {
    return await fn(new StudyLedger(store.db));
  } finally {
    await store.close();
  }
}

/**
 * `withLedger` for a command that writes: it holds the data directory's writer lock (docs/pipeline.md) while
 * the ledger is open, so it never interleaves with a populate run or another decision. `command` is how a
 * refused writer sees it named.
 */
export async function withWriterLedger<T>(w: DataDirOptions, command: string, fn: (ledger: StudyLedger) => Promise<T>): Promise<T> {
  requireLedger(w);
  return withWriterLock({ dataDir: resolve(w.dataDir), ...(w.database ? { database: w.database } : {}), command }, () => withLedger(w, fn));
}

function requireLedger(w: DataDirOptions): void {
  if (!w.database && !existsSync(join(resolve(w.dataDir), 'atlas.sqlite'))) {
    throw oncoError('USAGE', `${resolve(w.dataDir)} holds no ledger (atlas.sqlite): give the --data-dir of oncoatlas populate, and --database if the ledger is in PostgreSQL.`);
  }
}
